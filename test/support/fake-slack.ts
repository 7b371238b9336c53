import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export type SlackFailure = 'none' | 'http_500' | 'ok_false' | 'invalid_auth_once' | 'invalid_auth_always';

export interface SlackCall {
  method: string;
  authorization: string | undefined;
  body: any;
}

/**
 * A loopback stand-in for the Slack Web API (chat.postMessage, chat.update) that records every call.
 * Like Slack, failures are HTTP 200 `{ok:false,error}` unless the mode asks for an HTTP error.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  failure: SlackFailure = 'none';
  private server?: Server;
  private port = 0;
  private invalidAuthSent = false;

  get apiBaseUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  reset(failure: SlackFailure = 'none'): void {
    this.calls.splice(0);
    this.failure = failure;
    this.invalidAuthSent = false;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void readBody(request).then((raw) => {
        const method = (request.url ?? '').replace(/^\/api\//, '').split('?')[0];
        let body: any = raw;
        try {
          body = JSON.parse(raw);
        } catch {
          // form-encoded or empty: keep the text
        }
        this.calls.push({ method, authorization: request.headers.authorization, body });
        const send = (status: number, payload: unknown) =>
          response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
        if (this.failure === 'http_500') return send(500, { ok: false, error: 'internal_error' });
        if (this.failure === 'ok_false') return send(200, { ok: false, error: 'channel_not_found' });
        if (
          this.failure === 'invalid_auth_always' ||
          (this.failure === 'invalid_auth_once' && !this.invalidAuthSent)
        ) {
          this.invalidAuthSent = true;
          return send(200, { ok: false, error: 'invalid_auth' });
        }
        if (method === 'chat.postMessage') {
          return send(200, {
            ok: true,
            channel: body.channel,
            ts: `${Date.now() / 1000}`,
            message: { text: body.text },
          });
        }
        if (method === 'chat.update') return send(200, { ok: true, channel: body.channel, ts: body.ts });
        return send(200, { ok: false, error: 'unknown_method' });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
