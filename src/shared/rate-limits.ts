import rateLimit from '@fastify/rate-limit';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import * as ipaddr from 'ipaddr.js';
import { createHash } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { AppConfig } from '../config';
import { ChangeChannel } from '../database/change-channel';
import { sendErrorReply } from './error-response.filter';
import { RawGate } from './raw-routes';
import { resolveRequestId } from './request-id';

const WINDOW_MS = 60_000;
const API = /^\/v1(\/|\?|$)/;
const PROXY = /^\/proxy(\/|\?|$)/;
/** Where a 401 or 404 counts against the client's IP: the routes a prober guesses at. */
const REJECTABLE = /^\/(v1|ingress|proxy|oauth)(\/|\?|$)/;
const BEARER = /^Bearer\s+(\S+)\s*$/i;
const MAX_BLOCKED = 10_000;
/** Change-channel tags announcing a block: `rateLimitBlock:<client>|<until epoch ms>`. */
const BLOCK_TOPIC = 'rateLimitBlock:';

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
type LimiterState = Exclude<Awaited<ReturnType<Limiter>>, { isAllowed: true }>;
/** What a limiter reads of a request: its key generators look at headers and the client address. */
type LimitedRequest = Pick<FastifyRequest, 'headers' | 'ip'>;

/** Counter keys never hold a credential: a key or token is counted under its SHA-256. */
function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

/** One counter per IPv4 address, per IPv6 /64 (what one client usually holds). */
function clientOf(ip: string): string {
  try {
    const address = ipaddr.process(ip);
    if (address.kind() === 'ipv4') return address.toString();
    return (
      (address as ipaddr.IPv6).parts
        .slice(0, 4)
        .map((part) => part.toString(16))
        .join(':') + '::/64'
    );
  } catch {
    return ip;
  }
}

function bearerOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value ? BEARER.exec(value)?.[1] : undefined;
}

/** Fastify's `trustProxy` setting as proxy-addr's trust function, for routes taken before Fastify. */
function trustFunction(
  trustProxy: AppConfig['http']['trustProxy'],
): (address: string, hop: number) => boolean {
  if (trustProxy === true) return () => true;
  if (trustProxy === false) return () => false;
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return proxyAddr.compile(trustProxy);
}

/**
 * The rate limits (docs/api.md "Conventions"):
 * - per API key on /v1 (RATE_LIMIT_API_PER_MINUTE), counted by the key presented, valid or not;
 * - per worker token on /proxy (RATE_LIMIT_PROXY_PER_MINUTE), counted by Proxy-Authorization;
 * - per client IP on answers 401 or 404 on /v1, /ingress, /proxy and /oauth
 *   (RATE_LIMIT_REJECTED_PER_MINUTE): counted when such an answer goes out; once the count is past
 *   the limit, every request of that IP on those routes answers 429 until the window ends (health
 *   and metrics stay reachable: a load balancer's check is not an API client).
 * Windows are fixed minutes. With Redis the counters live there, shared by every process; without it
 * each process counts alone. Blocked IPs are checked from memory, so the check on every request
 * costs no round trip: the process whose count goes past the limit blocks the IP and, with Redis,
 * tells every other process through the change channel (they block it within milliseconds). A
 * counter store that fails (Redis down) lets requests through: an outage of the limiter must not
 * become an outage of the API.
 */
export class RateLimits {
  /** IP key → when its rejected-request window ends. */
  private readonly blocked = new Map<string, number>();
  private readonly clientAddress: (request: IncomingMessage) => string;

  private constructor(
    private readonly perApiKey: Limiter | undefined,
    private readonly perWorkerToken: Limiter | undefined,
    private readonly rejectedPerIp: Limiter | undefined,
    trustProxy: AppConfig['http']['trustProxy'],
    /** Set with Redis (shared counters): blocks are announced to the other processes. */
    private readonly channel: ChangeChannel | undefined,
  ) {
    const trust = trustFunction(trustProxy);
    this.clientAddress = (request) => proxyAddr(request, trust);
    channel?.listen({
      onChange: (tag) => {
        if (!tag.startsWith(BLOCK_TOPIC)) return;
        const [client, until] = tag.slice(BLOCK_TOPIC.length).split('|');
        if (client && Number(until) > Date.now()) this.block(client, Number(until));
      },
      onReset: () => undefined,
    });
  }

  static async install(
    fastify: FastifyInstance,
    config: AppConfig,
    redis: Redis | undefined,
    channel: ChangeChannel,
  ): Promise<RateLimits | undefined> {
    const { apiPerMinute, proxyPerMinute, rejectedPerMinute } = config.rateLimits;
    if (apiPerMinute === 0 && proxyPerMinute === 0 && rejectedPerMinute === 0) return undefined;
    await fastify.register(rateLimit, {
      global: false,
      redis,
      nameSpace: `${config.redis.queuePrefix}:rate-limit:`,
      skipOnError: true,
      cache: 10_000,
    });
    const limiter = (max: number, keyOf: (request: LimitedRequest) => string): Limiter | undefined =>
      max > 0
        ? fastify.createRateLimit({ max, timeWindow: WINDOW_MS, skipOnError: true, keyGenerator: keyOf })
        : undefined;
    const limits = new RateLimits(
      limiter(apiPerMinute, (request) => `api:${digest(bearerOf(request.headers.authorization) ?? '')}`),
      limiter(
        proxyPerMinute,
        (request) => `proxy:${digest(String(request.headers['proxy-authorization'] ?? ''))}`,
      ),
      limiter(rejectedPerMinute, (request) => `rejected:${clientOf(request.ip)}`),
      config.http.trustProxy,
      redis ? channel : undefined,
    );
    limits.hookInto(fastify);
    return limits;
  }

  /** For the routes taken before Fastify (the proxy, ingress, an interaction's answer): the same limits, as a gate. */
  readonly rawGate: RawGate = (request, response, next) => {
    const ip = this.clientAddress(request);
    const limited = { headers: request.headers, ip };
    if (this.rejectedPerIp && this.isBlocked(ip))
      return refuseRaw(request, response, this.blocked.get(clientOf(ip)));
    if (this.rejectedPerIp)
      response.once('finish', () => {
        if (response.statusCode === 401 || response.statusCode === 404) this.countRejection(limited);
      });
    const url = request.url ?? '';
    const api = API.test(url);
    const limiter = api
      ? bearerOf(request.headers.authorization) && this.perApiKey
      : PROXY.test(url) && request.headers['proxy-authorization'] && this.perWorkerToken;
    if (!limiter) return next();
    void limiter(withRouteOptions(limited)).then(
      (state) => {
        if (state.isAllowed) return next();
        if (state.isExceeded) return refuseRaw(request, response, undefined, state);
        // an API answer says how much is left, as on the Fastify routes; a proxied answer is the upstream's
        if (api) announceRaw(response, state);
        next();
      },
      () => next(),
    );
  };

  private hookInto(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', async (request, reply) => {
      const url = request.url;
      if (this.rejectedPerIp && REJECTABLE.test(url) && this.isBlocked(request.ip))
        return tooMany(request, reply, secondsUntil(this.blocked.get(clientOf(request.ip))));
      if (this.perApiKey && API.test(url) && bearerOf(request.headers.authorization)) {
        const state = await this.perApiKey(request);
        if (!state.isAllowed) {
          if (state.isExceeded) return tooMany(request, reply, Math.max(1, state.ttlInSeconds));
          announce(reply, state);
        }
      }
    });
    if (this.rejectedPerIp) {
      fastify.addHook('onResponse', async (request, reply) => {
        if ((reply.statusCode === 401 || reply.statusCode === 404) && REJECTABLE.test(request.url))
          this.countRejection(request);
      });
    }
  }

  private block(client: string, until: number): void {
    if (this.blocked.size >= MAX_BLOCKED) this.blocked.delete(this.blocked.keys().next().value as string);
    this.blocked.set(client, until);
  }

  private isBlocked(ip: string): boolean {
    const key = clientOf(ip);
    const until = this.blocked.get(key);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.blocked.delete(key);
    return false;
  }

  /** Counts one rejected answer (never holding the answer back); past the limit the IP is blocked here. */
  private countRejection(request: LimitedRequest): void {
    if (!this.rejectedPerIp) return;
    this.rejectedPerIp(withRouteOptions(request)).then(
      (state) => {
        if (state.isAllowed || !state.isExceeded) return;
        const client = clientOf(request.ip);
        const until = Date.now() + Math.max(1, state.ttlInSeconds) * 1000;
        this.block(client, until);
        this.channel?.notify(`${BLOCK_TOPIC}${client}|${until}`);
      },
      () => undefined,
    );
  }
}

/** The limiter reads `routeOptions.config` of a Fastify request; a raw request has none. */
function withRouteOptions(request: LimitedRequest): FastifyRequest {
  // read explicitly: on a Fastify request `ip` and `headers` are getters a spread would not copy
  return { headers: request.headers, ip: request.ip, routeOptions: {} } as unknown as FastifyRequest;
}

function secondsUntil(until: number | undefined): number {
  return Math.max(1, Math.ceil(((until ?? Date.now()) - Date.now()) / 1000));
}

function tooMany(request: FastifyRequest, reply: FastifyReply, retryAfter: number): FastifyReply {
  return sendErrorReply(
    request,
    reply,
    429,
    'REQUEST.RATE_LIMITED',
    `Too many requests; retry after ${retryAfter} s`,
    { 'retry-after': String(retryAfter) },
  );
}

function refuseRaw(
  request: IncomingMessage,
  response: ServerResponse,
  blockedUntil: number | undefined,
  state?: LimiterState,
): void {
  const retryAfter = state ? Math.max(1, state.ttlInSeconds) : secondsUntil(blockedUntil);
  const requestId = resolveRequestId(request.headers['x-request-id']);
  const body = JSON.stringify({
    error: {
      code: 'REQUEST.RATE_LIMITED',
      message: `Too many requests; retry after ${retryAfter} s`,
      requestId,
    },
  });
  response.writeHead(429, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'retry-after': String(retryAfter),
    'x-request-id': requestId,
    'cache-control': 'no-store',
  });
  response.end(body);
}

function announcement(state: LimiterState): Record<string, string> {
  return {
    'x-ratelimit-limit': String(state.max),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-reset': String(state.ttlInSeconds),
  };
}

function announce(reply: FastifyReply, state: LimiterState): void {
  void reply.headers(announcement(state));
}

function announceRaw(response: ServerResponse, state: LimiterState): void {
  for (const [name, value] of Object.entries(announcement(state))) response.setHeader(name, value);
}
