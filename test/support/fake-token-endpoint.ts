import * as http from 'node:http';
import { AddressInfo } from 'node:net';

export interface TokenCall {
  grantType: string;
  params: Record<string, string>;
  authorization: string | undefined;
}

export interface TokenReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** Answers a token request; the default issues a fresh rotating token pair per call. */
export type TokenResponder = (call: TokenCall, index: number) => TokenReply;

export interface FakeTokenEndpoint {
  url: string;
  calls: TokenCall[];
  count(grantType?: string): number;
  respondWith(responder: TokenResponder): void;
  close(): Promise<void>;
}

export const issueRotatingTokens: TokenResponder = (_call, index) => ({
  status: 200,
  body: {
    access_token: `fake-access-${index}`,
    refresh_token: `fake-refresh-${index}`,
    token_type: 'Bearer',
    expires_in: 3600,
  },
});

/** Slack answers failures with HTTP 200 and `{ok:false,error}`. */
export const slackStyleFailure =
  (error = 'invalid_refresh_token'): TokenResponder =>
  () => ({ status: 200, body: { ok: false, error } });

export const unavailable =
  (retryAfter?: string): TokenResponder =>
  () => ({
    status: 503,
    body: { error: 'temporarily_unavailable' },
    headers: retryAfter ? { 'retry-after': retryAfter } : ({} as Record<string, string>),
  });

/** A loopback token endpoint that records (and so counts) every call it receives. */
export async function startFakeTokenEndpoint(
  responder: TokenResponder = issueRotatingTokens,
): Promise<FakeTokenEndpoint> {
  let current = responder;
  const calls: TokenCall[] = [];
  const server = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(raw));
      const call: TokenCall = {
        grantType: params.grant_type ?? '',
        params,
        authorization: request.headers.authorization,
      };
      calls.push(call);
      const reply = current(call, calls.length);
      const send = () => {
        response.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
        response.end(JSON.stringify(reply.body));
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    calls,
    count: (grantType) =>
      calls.filter((call) => grantType === undefined || call.grantType === grantType).length,
    respondWith: (next) => (current = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
