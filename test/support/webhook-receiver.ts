import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedDelivery {
  path: string;
  webhookId: string;
  verified: boolean;
  body: any;
  /** The body exactly as received (what the signature covers). */
  raw: string;
  /** Date.now() when the request arrived. */
  at: number;
  headers: Record<string, string>;
}

type Mode =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'hang' }
  | { kind: 'stall-body' };

/**
 * A loopback receiver for outbound deliveries: verifies each request with the `standardwebhooks`
 * library against the secret registered for its path, counts deliveries by webhook-id, and can be
 * switched to fail (any status), to hang, or to send its headers and stall the body.
 */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  private readonly secrets = new Map<string, string>();
  private mode: Mode = { kind: 'ok' };
  private readonly hanging = new Set<ServerResponse>();
  /** Answers given one per request, in turn, before the mode applies again. */
  private readonly turns: Array<{ status: number; headers: Record<string, string>; body: string }> = [];

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const holder: { receiver?: WebhookReceiver } = {};
    const server = createServer((request, response) => void holder.receiver?.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}`);
    return holder.receiver;
  }

  url(path = 'hooks'): string {
    return `${this.baseUrl}/${path}`;
  }

  setSecret(path: string, secret: string): void {
    this.secrets.set(`/${path}`, secret);
  }

  respondOk(): void {
    this.mode = { kind: 'ok' };
    this.turns.length = 0;
  }

  /** Every request answers `status` (with these headers and body) until told otherwise. */
  respondWith(status: number, headers: Record<string, string> = {}, body = ''): void {
    this.mode = { kind: 'status', status, headers, body };
  }

  /** The next requests get these answers, one each, in order; then the current mode again. */
  respondInTurn(answers: Array<{ status: number; headers?: Record<string, string>; body?: string }>): void {
    this.turns.push(...answers.map((answer) => ({ headers: {}, body: '', ...answer })));
  }

  hang(): void {
    this.mode = { kind: 'hang' };
  }

  /** Answers 200 with its headers at once, then trickles the body (a byte every 300 ms) without end. */
  stallBody(): void {
    this.mode = { kind: 'stall-body' };
  }

  /** Every request held by hang() or stallBody() is finished now (204, or the stalled body's end). */
  finishHanging(): void {
    for (const response of this.hanging) {
      if (response.headersSent) response.end();
      else response.writeHead(204).end();
    }
    this.hanging.clear();
  }

  countFor(webhookId: string): number {
    return this.received.filter((delivery) => delivery.webhookId === webhookId).length;
  }

  forPath(path: string): ReceivedDelivery[] {
    return this.received.filter((delivery) => delivery.path === `/${path}`);
  }

  async waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const started = Date.now();
    while (!predicate()) {
      if (Date.now() - started > timeoutMs) throw new Error(`receiver condition not met in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = request.url ?? '/';
    const secret = this.secrets.get(path);
    const headers = {
      'webhook-id': String(request.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
    };
    let verified = false;
    let body: unknown = raw;
    if (secret) {
      try {
        body = new Webhook(secret).verify(raw, headers);
        verified = true;
      } catch {
        verified = false;
      }
    }
    this.received.push({
      path,
      webhookId: headers['webhook-id'],
      verified,
      body,
      raw,
      at: Date.now(),
      headers,
    });
    const turn = this.turns.shift();
    if (turn) {
      response.writeHead(turn.status, turn.headers).end(turn.body);
      return;
    }
    if (this.mode.kind === 'hang') {
      this.hanging.add(response);
      return;
    }
    if (this.mode.kind === 'stall-body') {
      this.hanging.add(response);
      response.writeHead(200, { 'content-type': 'text/plain' });
      // a byte now and then: no idle timeout of the caller ends it, only finishHanging() or close()
      const trickle = setInterval(() => response.write('.'), 300);
      response.once('close', () => clearInterval(trickle));
      response.write('.');
      return;
    }
    if (this.mode.kind === 'status') {
      response.writeHead(this.mode.status, this.mode.headers).end(this.mode.body);
      return;
    }
    response.writeHead(verified ? 204 : 401).end();
  }
}
