import { IncomingMessage, ServerResponse } from 'node:http';
import { AppConfig } from '../config';
import { PlugboardError } from './errors';

/** Helpers of the routes taken before Fastify (`RawRoutes`): reading a bounded body, answering JSON. */

/** The largest body an API route takes (ingress bodies may be larger than 1 MiB, if configured so). */
export function apiBodyLimit(config: AppConfig): number {
  return Math.max(config.ingress.maxBodyBytes, 1024 * 1024);
}

export class BodyTooLargeError extends PlugboardError {
  constructor() {
    super('REQUEST.TOO_LARGE', 413, 'Request body is too large');
  }
}

/** The whole body, refused with 413 as soon as it is longer than the limit (declared or not). */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.pause();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    request.once('error', reject);
  });
}

/** Answers `status` with a JSON body. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** Answers an error; after a body we stopped reading (413) the connection is closed once it is out. */
export function sendError(
  request: IncomingMessage,
  response: ServerResponse,
  error: unknown,
  answer: { status: number; body: unknown; headers: Record<string, string> },
): void {
  sendJson(response, answer.status, answer.body, answer.headers);
  // the unread rest of the body must not be parsed as the next request
  if (error instanceof BodyTooLargeError) response.once('finish', () => request.destroy());
}
