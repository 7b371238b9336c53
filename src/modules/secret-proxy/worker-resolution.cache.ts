import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config';
import { PlaceholderBinding } from './placeholders.repository';

export interface CachedPrincipal {
  orgId: string;
  agentId: string;
  tokenId: string;
}

interface Entry<T> {
  value: T;
  agentId: string;
  expiresAt: number;
}

const MAX_ENTRIES = 10_000;

/**
 * Optional (SECRET_PROXY_CACHE_MS, 0 = off, at most 5 s): reuse a successful worker-token or
 * placeholder resolution for a few milliseconds so the hot path skips those database round trips.
 * Only successes are cached, never past the token's or placeholder's own expiry. Deleting an agent
 * forgets its entries in this process at once; other replicas see the revocation within the TTL.
 * While an entry is live a database outage does not refuse that worker (the documented trade-off);
 * with the cache off every request re-reads the agent's org and fails closed.
 */
@Injectable()
export class WorkerResolutionCache {
  private readonly ttlMs: number;
  private readonly principals = new Map<string, Entry<CachedPrincipal>>();
  private readonly placeholders = new Map<string, Entry<PlaceholderBinding>>();

  constructor(config: AppConfig) {
    this.ttlMs = config.secretProxy.resolutionCacheMs;
  }

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  principal(tokenHash: string): CachedPrincipal | undefined {
    return read(this.principals, tokenHash);
  }

  rememberPrincipal(tokenHash: string, principal: CachedPrincipal, tokenExpiresAt: Date): void {
    if (!this.enabled) return;
    write(this.principals, tokenHash, principal, principal.agentId, this.expiry(tokenExpiresAt));
  }

  placeholder(orgId: string, agentId: string, id: string): PlaceholderBinding | undefined {
    return read(this.placeholders, `${orgId}/${agentId}/${id}`);
  }

  rememberPlaceholder(
    orgId: string,
    agentId: string,
    id: string,
    binding: PlaceholderBinding,
    expiresAt: Date,
  ): void {
    if (!this.enabled) return;
    write(this.placeholders, `${orgId}/${agentId}/${id}`, binding, agentId, this.expiry(expiresAt));
  }

  forgetAgent(agentId: string): void {
    for (const map of [this.principals, this.placeholders] as Array<Map<string, Entry<unknown>>>) {
      for (const [key, entry] of map) if (entry.agentId === agentId) map.delete(key);
    }
  }

  private expiry(ownExpiry: Date): number {
    return Math.min(Date.now() + this.ttlMs, ownExpiry.getTime());
  }
}

function read<T>(map: Map<string, Entry<T>>, key: string): T | undefined {
  const entry = map.get(key);
  if (!entry) return undefined;
  if (entry.expiresAt <= Date.now()) {
    map.delete(key);
    return undefined;
  }
  return entry.value;
}

function write<T>(
  map: Map<string, Entry<T>>,
  key: string,
  value: T,
  agentId: string,
  expiresAt: number,
): void {
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value as string);
  map.set(key, { value, agentId, expiresAt });
}
