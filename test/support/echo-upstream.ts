import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bodyBytes: number;
  bodySha256: string;
  /** The body as text when it is small (≤ 64 KiB), else null. */
  bodyText: string | null;
}

/** Answers a recorded request; return false to fall back to the default echo. */
export type UpstreamHandler = (
  request: RecordedRequest,
  response: ServerResponse,
) => boolean | void | Promise<boolean | void>;

/**
 * A loopback upstream for the secret proxy: records every request (headers, body size and hash,
 * never buffering large bodies) and by default echoes it back as JSON. Tests assert on `count`
 * to prove that a refused call never reached it. `GET /download/<bytes>` streams that many bytes;
 * `GET …/redirect` answers 302 to `/redirect-target`.
 */
export class EchoUpstream {
  readonly requests: RecordedRequest[] = [];
  /** Emits ('chunk', url, bytesSoFar) as request bodies arrive, so tests can observe streaming. */
  readonly progress = new EventEmitter();
  private handler?: UpstreamHandler;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<EchoUpstream> {
    const holder: { upstream?: EchoUpstream } = {};
    const server = createServer((request, response) => void holder.upstream?.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.upstream = new EchoUpstream(server, (server.address() as AddressInfo).port);
    return holder.upstream;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get count(): number {
    return this.requests.length;
  }

  countPath(path: string): number {
    return this.requests.filter((request) => request.url.split('?')[0] === path).length;
  }

  last(): RecordedRequest {
    const last = this.requests[this.requests.length - 1];
    if (!last) throw new Error('the echo upstream received no request');
    return last;
  }

  /** Sets a handler for the following requests (until reset()). */
  respondWith(handler: UpstreamHandler): void {
    this.handler = handler;
  }

  reset(): void {
    this.requests.length = 0;
    this.handler = undefined;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const hash = createHash('sha256');
    const small: Buffer[] = [];
    let bodyBytes = 0;
    for await (const chunk of request) {
      const data = chunk as Buffer;
      hash.update(data);
      bodyBytes += data.length;
      this.progress.emit('chunk', request.url, bodyBytes);
      if (bodyBytes <= 64 * 1024) small.push(data);
    }
    const recorded: RecordedRequest = {
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      bodyBytes,
      bodySha256: hash.digest('hex'),
      bodyText: bodyBytes <= 64 * 1024 ? Buffer.concat(small).toString('utf8') : null,
    };
    this.requests.push(recorded);
    if (this.handler && (await this.handler(recorded, response)) !== false) return;

    const download = /^\/download\/(\d+)$/.exec(recorded.url);
    if (download) return streamBytes(response, Number(download[1]));
    if (recorded.url.split('?')[0].endsWith('/redirect')) {
      response.writeHead(302, { location: `${this.url}/redirect-target` }).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'upstream=session' });
    response.end(
      JSON.stringify({
        method: recorded.method,
        url: recorded.url,
        bodyBytes,
        bodySha256: recorded.bodySha256,
      }),
    );
  }
}

function streamBytes(response: ServerResponse, total: number): void {
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total) });
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let sent = 0;
  const write = (): void => {
    while (sent < total) {
      const size = Math.min(chunk.length, total - sent);
      sent += size;
      if (!response.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
        response.once('drain', write);
        return;
      }
    }
    response.end();
  };
  write();
}
