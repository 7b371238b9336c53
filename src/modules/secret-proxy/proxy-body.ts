import { Readable } from 'node:stream';

/** Bodies up to this size are buffered so the one retry after a refresh can send them again. */
export const REPLAYABLE_BODY_BYTES = 64 * 1024;

export type RequestBody =
  { kind: 'none' } | { kind: 'buffered'; data: Buffer } | { kind: 'streamed'; stream: Readable };

export function isReplayable(body: RequestBody): boolean {
  return body.kind !== 'streamed';
}

/**
 * Small bodies with a declared length are read into memory (replayable); anything larger or of
 * unknown length is streamed through as it arrives and cannot be retried.
 */
export async function prepareRequestBody(
  stream: Readable | undefined,
  contentLength: string | undefined,
  transferEncoding: string | undefined,
): Promise<RequestBody> {
  if (!stream) return { kind: 'none' };
  const declared = contentLength === undefined ? NaN : Number(contentLength);
  if (declared === 0 || (contentLength === undefined && transferEncoding === undefined)) {
    stream.resume();
    return { kind: 'none' };
  }
  if (Number.isInteger(declared) && declared > 0 && declared < REPLAYABLE_BODY_BYTES) {
    const { chunks, ended } = await readPrefix(stream, REPLAYABLE_BODY_BYTES);
    if (ended) return { kind: 'buffered', data: Buffer.concat(chunks) };
    return { kind: 'streamed', stream: rejoin(chunks, stream) };
  }
  return { kind: 'streamed', stream };
}

/**
 * Reads until the stream ends or more than `limit` bytes arrived, without destroying it: on
 * overflow the stream is paused so `rejoin` can hand the rest on.
 */
export function readPrefix(stream: Readable, limit: number): Promise<{ chunks: Buffer[]; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onData = (chunk: Buffer | string): void => {
      const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(data);
      size += data.length;
      if (size > limit) {
        stream.pause();
        cleanup();
        resolve({ chunks, ended: false });
      }
    };
    const onEnd = (): void => {
      cleanup();
      resolve({ chunks, ended: true });
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

/** The chunks already read followed by the rest of the stream, as one stream. */
export function rejoin(chunks: Buffer[], rest: Readable): Readable {
  async function* all(): AsyncGenerator<Buffer> {
    yield* chunks;
    for await (const chunk of rest) yield chunk as Buffer;
  }
  return Readable.from(all(), { objectMode: false });
}
