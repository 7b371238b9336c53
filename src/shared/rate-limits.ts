import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import * as ipaddr from 'ipaddr.js';
import { createHash } from 'node:crypto';
import { AppConfig } from '../config';
import { sendErrorReply } from './error-response.filter';

const WINDOW_MS = 60_000;
const API = /^\/v1(\/|\?|$)/;
const PROXY = /^\/proxy(\/|\?|$)/;
/** Where a 401 or 404 counts against the client's IP: the routes a prober guesses at. */
const REJECTABLE = /^\/(v1|ingress|proxy|oauth)(\/|\?|$)/;
const BEARER = /^Bearer\s+(\S+)\s*$/i;

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
type LimiterState = Exclude<Awaited<ReturnType<Limiter>>, { isAllowed: true }>;

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

function tooMany(request: FastifyRequest, reply: FastifyReply, state: LimiterState): FastifyReply {
  const retryAfter = Math.max(1, state.ttlInSeconds);
  return sendErrorReply(
    request,
    reply,
    429,
    'REQUEST.RATE_LIMITED',
    `Too many requests; retry after ${retryAfter} s`,
    { 'retry-after': String(retryAfter) },
  );
}

function announce(reply: FastifyReply, state: LimiterState): void {
  void reply.headers({
    'x-ratelimit-limit': String(state.max),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-reset': String(state.ttlInSeconds),
  });
}

/**
 * The API.md rate limits, on the Fastify root so they cover every route, including plain Fastify
 * routes registered later (hooks added to the root apply to all of them):
 * - per API key on /v1 (RATE_LIMIT_API_PER_MINUTE), counted by the key presented, valid or not;
 * - per worker token on /proxy (RATE_LIMIT_PROXY_PER_MINUTE), counted by the Proxy-Authorization
 *   header whatever the proxy route does with it;
 * - per client IP on answers 401 or 404 on /v1, /ingress, /proxy and /oauth
 *   (RATE_LIMIT_REJECTED_PER_MINUTE): counted when such an answer goes out; once the count is past
 *   the limit, every request of that IP on those routes answers 429 until the window ends (health
 *   and metrics stay reachable: a load balancer's check is not an API client).
 * Windows are fixed minutes. With Redis the counters live there, shared by every process; without it
 * each process counts alone. A counter store that fails (Redis down) lets requests through: an
 * outage of the limiter must not become an outage of the API.
 */
export async function installRateLimits(
  fastify: FastifyInstance,
  config: AppConfig,
  redis: Redis | undefined,
): Promise<void> {
  const { apiPerMinute, proxyPerMinute, rejectedPerMinute } = config.rateLimits;
  if (apiPerMinute === 0 && proxyPerMinute === 0 && rejectedPerMinute === 0) return;
  await fastify.register(rateLimit, {
    global: false,
    redis,
    nameSpace: `${config.redis.queuePrefix}:rate-limit:`,
    skipOnError: true,
    cache: 10_000,
  });
  const limiter = (max: number, keyOf: (request: FastifyRequest) => string): Limiter | undefined =>
    max > 0
      ? fastify.createRateLimit({ max, timeWindow: WINDOW_MS, skipOnError: true, keyGenerator: keyOf })
      : undefined;
  const perApiKey = limiter(
    apiPerMinute,
    (request) => `api:${digest(bearerOf(request.headers.authorization) ?? '')}`,
  );
  const perWorkerToken = limiter(
    proxyPerMinute,
    (request) => `proxy:${digest(String(request.headers['proxy-authorization'] ?? ''))}`,
  );
  const rejectedPerIp = limiter(rejectedPerMinute, (request) => `rejected:${clientOf(request.ip)}`);

  fastify.addHook('onRequest', async (request, reply) => {
    const url = request.url;
    if (rejectedPerIp && REJECTABLE.test(url)) {
      const state = await rejectedPerIp(request, { increment: false });
      if (!state.isAllowed && state.isExceeded) return tooMany(request, reply, state);
    }
    if (perApiKey && API.test(url) && bearerOf(request.headers.authorization)) {
      const state = await perApiKey(request);
      if (!state.isAllowed) {
        if (state.isExceeded) return tooMany(request, reply, state);
        announce(reply, state);
      }
    }
    if (perWorkerToken && PROXY.test(url) && request.headers['proxy-authorization']) {
      const state = await perWorkerToken(request);
      if (!state.isAllowed) {
        if (state.isExceeded) return tooMany(request, reply, state);
        announce(reply, state);
      }
    }
  });

  if (rejectedPerIp) {
    fastify.addHook('onResponse', async (request, reply) => {
      if ((reply.statusCode === 401 || reply.statusCode === 404) && REJECTABLE.test(request.url)) {
        await rejectedPerIp(request);
      }
    });
  }
}
