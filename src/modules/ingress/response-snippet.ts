import { Readable } from 'node:stream';

/** How much of a receiver's answer is kept with each attempt. */
export const SNIPPET_BYTES = 1024;
/** An answer is read (and thrown away) up to this; past it the connection is closed instead. */
const MAX_DRAINED_BYTES = 64 * 1024;

/**
 * The first KiB of an answer as text, cut at a character boundary, without NUL (which PostgreSQL
 * text cannot hold: one such snippet would fail the whole batch of outcomes it was written with);
 * null for an empty answer.
 */
export function snippetOf(bytes: Buffer): string | null {
  if (bytes.length === 0) return null;
  // stream mode leaves out a character cut in half at the end instead of writing U+FFFD for it
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, SNIPPET_BYTES), { stream: true });
  return text.replaceAll('\u0000', '');
}

/**
 * Reads a receiver's answer for its snippet. The rest is drained so the connection can be reused,
 * but only up to 64 KiB: a receiver answering megabytes costs a closed connection, not memory.
 */
export async function readSnippet(body: Readable): Promise<string | null> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let total = 0;
  for await (const chunk of body) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    total += bytes.length;
    if (keptBytes < SNIPPET_BYTES) {
      const part = bytes.subarray(0, SNIPPET_BYTES + 4 - keptBytes);
      kept.push(part);
      keptBytes += part.length;
    }
    if (total > MAX_DRAINED_BYTES) {
      body.destroy();
      break;
    }
  }
  return snippetOf(Buffer.concat(kept));
}
