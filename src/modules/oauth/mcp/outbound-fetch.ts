import { OutboundHttp } from '../../../shared/outbound';

/** Metadata and registration answers are small; a longer one is refused rather than buffered. */
export const MAX_DISCOVERY_ANSWER_BYTES = 1024 * 1024;
const TIMEOUTS = { connectMs: 3_000, headersMs: 8_000, bodyMs: 4_000 };
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export class AnswerTooLargeError extends Error {
  constructor() {
    super(`answer longer than ${MAX_DISCOVERY_ANSWER_BYTES} bytes`);
  }
}

export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | URLSearchParams | null;
}

/**
 * A `fetch` for OAuth client libraries (oauth4webapi's customFetch) that goes through the SSRF-safe
 * OutboundHttp: DNS checked against private ranges, no redirects followed, bounded time and size.
 */
export function outboundFetch(outbound: OutboundHttp): (url: string, init?: FetchInit) => Promise<Response> {
  return async (url, init = {}) => {
    const response = await outbound.request({
      url,
      method: init.method ?? 'GET',
      headers: init.headers,
      body: init.body === undefined || init.body === null ? null : init.body.toString(),
      timeouts: TIMEOUTS,
    });
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of response.body) {
      length += (chunk as Buffer).length;
      if (length > MAX_DISCOVERY_ANSWER_BYTES) {
        response.body.destroy();
        throw new AnswerTooLargeError();
      }
      chunks.push(chunk as Buffer);
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
    }
    const body = NULL_BODY_STATUSES.has(response.status) ? null : Buffer.concat(chunks);
    return new Response(body, { status: response.status, headers });
  };
}
