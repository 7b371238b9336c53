import { Readable } from 'node:stream';
import { UpstreamAnswerTooLargeError } from './outbound.errors';

/**
 * Everything plugboard reads from an upstream into memory (token endpoints, chat APIs) is capped: a
 * tenant's tokenUrl that streams gigabytes must cost one failed call, not the process every tenant
 * shares. Streams passed through to a client (the proxy) are not read this way.
 */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * Reads a body up to `maxBytes`; past it (or when Content-Length already says so) the stream is
 * destroyed, which closes the connection, and the read fails with UpstreamAnswerTooLargeError.
 */
export async function readCapped(
  body: Readable,
  declaredLength: string | string[] | undefined,
  maxBytes = MAX_ANSWER_BYTES,
): Promise<Buffer> {
  const declared = Number(Array.isArray(declaredLength) ? declaredLength[0] : declaredLength);
  if (Number.isFinite(declared) && declared > maxBytes) {
    body.destroy();
    throw new UpstreamAnswerTooLargeError(maxBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    total += bytes.length;
    if (total > maxBytes) {
      body.destroy();
      throw new UpstreamAnswerTooLargeError(maxBytes);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}
