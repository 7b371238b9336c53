import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { LookupAddress, lookup as dnsLookup } from 'node:dns';
import { isIP, LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { Agent, Dispatcher } from 'undici';
import { AppConfig } from '../../config';
import { isForbiddenAddress } from './address-policy';
import { readCapped } from './capped-read';
import {
  UpstreamAnswerTooLargeError,
  UpstreamRefusedError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from './outbound.errors';

export interface OutboundTimeouts {
  connectMs?: number;
  headersMs?: number;
  bodyMs?: number;
}

export interface OutboundRequest {
  /** A URL the caller already parsed is not parsed again. */
  url: string | URL;
  method: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer | Readable | null;
  timeouts?: OutboundTimeouts;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as a stream; consume it, or call text()/json(), or dump() to release the socket. */
  body: Readable;
  /** The whole body, at most MAX_ANSWER_BYTES (else UpstreamAnswerTooLargeError, connection closed). */
  text(): Promise<string>;
  /** text(), parsed. */
  json<T = unknown>(): Promise<T>;
  dump(): Promise<void>;
}

const DEFAULT_TIMEOUTS: Required<OutboundTimeouts> = { connectMs: 5_000, headersMs: 15_000, bodyMs: 30_000 };
const REFUSED = 'ERR_PLUGBOARD_UPSTREAM_REFUSED';

/**
 * The one outbound HTTP client (token endpoints, webhook delivery, the secret proxy). DNS is
 * resolved once in the connector's lookup, every resolved address is checked, and the socket
 * connects to the checked address itself, so a rebinding DNS answer cannot slip a private address
 * in between check and connect. Redirects are never followed.
 */
@Injectable()
export class OutboundHttp implements OnApplicationShutdown {
  private readonly agents = new Map<number, Agent>();
  private readonly allowPrivate: boolean;

  constructor(config: AppConfig) {
    this.allowPrivate = config.outbound.allowPrivateUpstreams;
  }

  async request(outbound: OutboundRequest): Promise<OutboundResponse> {
    const timeouts = { ...DEFAULT_TIMEOUTS, ...(outbound.timeouts ?? {}) };
    const url = this.checkUrl(outbound.url);
    let response: Dispatcher.ResponseData<unknown>;
    try {
      // the agent itself, not undici's request(): the URL is parsed and checked once, above
      response = await this.agentFor(timeouts.connectMs).request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: outbound.method as Dispatcher.HttpMethod,
        headers: outbound.headers,
        body: outbound.body ?? undefined,
        headersTimeout: timeouts.headersMs,
        bodyTimeout: timeouts.bodyMs,
      });
    } catch (error) {
      throw translateError(error);
    }
    const body = response.body;
    const text = () =>
      readCapped(body, response.headers['content-length']).then(
        (bytes) => bytes.toString('utf8'),
        (error: unknown) => Promise.reject(translateError(error)),
      );
    return {
      status: response.statusCode,
      headers: response.headers,
      body,
      text,
      json: async <T>() => JSON.parse(await text()) as T,
      dump: () => body.dump().catch(() => undefined),
    };
  }

  /** Only http(s); an IP literal is checked here because the connector's lookup never sees it. */
  private checkUrl(raw: string | URL): URL {
    let url: URL;
    try {
      url = typeof raw === 'string' ? new URL(raw) : raw;
    } catch {
      throw new UpstreamRefusedError('Upstream URL is not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new UpstreamRefusedError('Upstream URL must be http or https');
    if (url.username || url.password)
      throw new UpstreamRefusedError('Upstream URL must not carry credentials');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!this.allowPrivate && isIP(host) && isForbiddenAddress(host)) throw new UpstreamRefusedError();
    return url;
  }

  private agentFor(connectMs: number): Agent {
    let agent = this.agents.get(connectMs);
    if (!agent) {
      agent = new Agent({
        connect: { timeout: connectMs, lookup: this.safeLookup },
        keepAliveTimeout: 10_000,
        connections: 256,
      });
      this.agents.set(connectMs, agent);
    }
    return agent;
  }

  private readonly safeLookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as unknown as LookupAddress[];
      const allowed = this.allowPrivate ? list : list.filter((entry) => !isForbiddenAddress(entry.address));
      if (allowed.length === 0) {
        const refused = Object.assign(new Error(`${hostname} resolves only to forbidden addresses`), {
          code: REFUSED,
        });
        return callback(refused, '', 4);
      }
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => agent.close().catch(() => undefined)));
  }
}

function translateError(error: unknown): Error {
  if (error instanceof UpstreamRefusedError || error instanceof UpstreamAnswerTooLargeError) return error;
  const code = (error as { code?: string; cause?: { code?: string } } | null)?.code;
  const causeCode = (error as { cause?: { code?: string } } | null)?.cause?.code;
  const codes = [code, causeCode];
  if (codes.includes(REFUSED)) return new UpstreamRefusedError();
  if (
    codes.some(
      (c) =>
        c === 'UND_ERR_CONNECT_TIMEOUT' || c === 'UND_ERR_HEADERS_TIMEOUT' || c === 'UND_ERR_BODY_TIMEOUT',
    )
  ) {
    return new UpstreamTimeoutError();
  }
  return new UpstreamUnreachableError();
}
