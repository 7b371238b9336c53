import { ChangeChannel } from '../../database';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config';
import { EventBus } from '../../shared/event-bus';
import { CREDENTIAL_INVALIDATED, REAUTH_SUCCEEDED } from '../../shared/events';
import { ConnectionEntity } from './connection.entity';
import { ConnectionTokens } from './connection-tokens';
import { ConnectionsRepository } from './connections.repository';
import { OAuthMetrics } from './oauth.metrics';
import { ConnectionNotFoundError } from './oauth.errors';
import { ProviderEntity } from './provider.entity';
import { ProvidersRepository } from './providers.repository';
import { nextRetryDelaySeconds } from './refresh-backoff';
import { RefreshLock } from './refresh-lock';
import { NOT_REFRESHABLE, TokenSet } from './refresh-outcome';
import { Singleflight } from './singleflight';
import { TokenEndpointClient } from './token-endpoint.client';

export type RefreshResult =
  | { ok: true; connection: ConnectionEntity }
  | { ok: false; errorCode: string; terminal: boolean; retryAt: Date | null };

/** Event publications a refresh collects while it holds the lease, run once it is released. */
type PendingEvents = Array<() => Promise<void>>;

const POLL_MS = 40;
/** A waiter gives up (503, retry soon) rather than ever calling the provider itself out of turn. */
const MAX_WAIT_MS = 30_000;

/**
 * The one refresh path. Per connection: in-process singleflight, then a cross-process
 * leader lock; the leader re-reads the row, calls the token endpoint once and writes fenced on the
 * token version; everyone else polls the row for the leader's outcome. Terminal and backoff state
 * live in PostgreSQL, so they hold across processes and without Redis.
 */
@Injectable()
export class RefreshConnectionUseCase {
  private readonly flights = new Singleflight<RefreshResult>();

  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly providers: ProvidersRepository,
    private readonly tokenEndpoint: TokenEndpointClient,
    private readonly tokens: ConnectionTokens,
    private readonly lock: RefreshLock,
    private readonly eventBus: EventBus,
    private readonly config: AppConfig,
    private readonly metrics: OAuthMetrics,
    private readonly channel: ChangeChannel,
  ) {}

  /** `seen` is the row the caller judged stale (or rejected); newer versions count as its refresh. */
  execute(orgId: string, seen: ConnectionEntity): Promise<RefreshResult> {
    const flight = this.flights.run(seen.id, () => this.refreshOnce(orgId, seen));
    if (flight.joined) this.metrics.countRefresh('coalesced');
    return flight.promise;
  }

  private async refreshOnce(orgId: string, seen: ConnectionEntity): Promise<RefreshResult> {
    const settled = blockedOrBackingOff(seen);
    if (settled) return settled;
    // nothing to refresh with, so no token-endpoint call at all: the connection is invalid
    if (!seen.isRefreshable)
      return this.publishing((events) => this.invalidate(orgId, seen, NOT_REFRESHABLE, events));

    const started = Date.now();
    for (;;) {
      const handle = await this.lock.tryAcquire(seen.id);
      if (handle) {
        this.metrics.observeLockWait((Date.now() - started) / 1000);
        // events go out after the lease is released: a listener's work must never hold the lock
        return this.publishing(async (events) => {
          try {
            return await this.lead(orgId, seen, events);
          } finally {
            await this.lock.release(handle);
          }
        });
      }
      const current = await this.load(orgId, seen.id);
      const outcome = settledByAnother(seen, current);
      if (outcome) {
        this.metrics.observeLockWait((Date.now() - started) / 1000);
        this.metrics.countRefresh('coalesced');
        return outcome;
      }
      if (Date.now() - started >= MAX_WAIT_MS) {
        return {
          ok: false,
          errorCode: 'refresh_in_progress',
          terminal: false,
          retryAt: new Date(Date.now() + 1000),
        };
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Runs `work`, then publishes the events it collected, in order, once it has finished. */
  private async publishing(work: (events: PendingEvents) => Promise<RefreshResult>): Promise<RefreshResult> {
    const events: PendingEvents = [];
    const result = await work(events);
    for (const publish of events) await publish();
    return result;
  }

  private async lead(orgId: string, seen: ConnectionEntity, events: PendingEvents): Promise<RefreshResult> {
    // another process may have refreshed between our read and our lock
    const current = await this.load(orgId, seen.id);
    const outcome = settledByAnother(seen, current);
    if (outcome) {
      this.metrics.countRefresh('coalesced');
      return outcome;
    }
    const provider = await this.providers.findForOrg(orgId, current.providerId);
    if (!provider) throw new ConnectionNotFoundError();
    const refreshToken = this.tokens.refreshTokenOf(current);
    if (provider.grantType !== 'client_credentials' && refreshToken === null) {
      return this.invalidate(orgId, current, NOT_REFRESHABLE, events);
    }
    const result =
      provider.grantType === 'client_credentials'
        ? await this.tokenEndpoint.requestClientCredentials(provider, current.params ?? {})
        : await this.tokenEndpoint.refresh(provider, refreshToken as string, current.params ?? {});
    if (result.ok) return this.storeRefreshed(orgId, provider, current, result.tokens, events);
    if (result.terminal) return this.invalidate(orgId, current, result.errorCode, events);
    return this.backOff(orgId, current, result.errorCode, result.retryAfterSeconds);
  }

  private async storeRefreshed(
    orgId: string,
    provider: ProviderEntity,
    current: ConnectionEntity,
    tokenSet: TokenSet,
    events: PendingEvents,
  ): Promise<RefreshResult> {
    const sealed = this.tokens.seal(current.id, provider, tokenSet, {
      refreshTokenEncrypted: current.refreshTokenEncrypted,
      scope: current.scope,
    });
    const won = await this.connections.storeRefreshedTokens(orgId, current.id, current.tokenVersion, sealed);
    if (won) this.channel.announce(`connection:${current.id}`);
    const stored = await this.load(orgId, current.id);
    if (!won) {
      // lost the version race: a newer token is stored; adopt it rather than overwrite it
      this.metrics.countRefresh('coalesced');
      return settledByAnother(current, stored) ?? { ok: true, connection: stored };
    }
    this.metrics.countRefresh('ok');
    if (current.status === 'INVALID') {
      events.push(() => this.eventBus.publish(REAUTH_SUCCEEDED, { orgId, connectionId: current.id }));
    }
    return { ok: true, connection: stored };
  }

  private async invalidate(
    orgId: string,
    current: ConnectionEntity,
    errorCode: string,
    events: PendingEvents,
  ): Promise<RefreshResult> {
    const ttl = this.config.oauth.terminalFailureTtlSeconds;
    const won = await this.connections.markInvalid(orgId, current.id, current.tokenVersion, errorCode, ttl);
    if (won) this.channel.announce(`connection:${current.id}`);
    if (!won) {
      const stored = await this.load(orgId, current.id);
      const outcome = settledByAnother(current, stored);
      if (outcome) return outcome;
    }
    this.metrics.countRefresh('terminal');
    // the UPDATE above is its own committed statement, so this is after commit
    if (won && current.status === 'ACTIVE') {
      events.push(() =>
        this.eventBus.publish(CREDENTIAL_INVALIDATED, { orgId, connectionId: current.id, reason: errorCode }),
      );
    }
    return { ok: false, errorCode, terminal: true, retryAt: null };
  }

  private async backOff(
    orgId: string,
    current: ConnectionEntity,
    errorCode: string,
    retryAfterSeconds?: number,
  ): Promise<RefreshResult> {
    const delay = nextRetryDelaySeconds(current.refreshFailureCount + 1, retryAfterSeconds);
    await this.connections.markBackoff(orgId, current.id, current.tokenVersion, errorCode, delay);
    this.metrics.countRefresh('transient');
    return { ok: false, errorCode, terminal: false, retryAt: new Date(Date.now() + delay * 1000) };
  }

  private async load(orgId: string, id: string): Promise<ConnectionEntity> {
    const connection = await this.connections.findForOrg(orgId, id);
    if (!connection) throw new ConnectionNotFoundError();
    return connection;
  }
}

/** Fail fast from stored state: terminal block (409 upstream) or transient backoff window. */
export function blockedOrBackingOff(connection: ConnectionEntity, now = Date.now()): RefreshResult | null {
  if (connection.refreshBlockedUntil && connection.refreshBlockedUntil.getTime() > now) {
    return {
      ok: false,
      errorCode: connection.lastRefreshError ?? 'invalid_grant',
      terminal: true,
      retryAt: null,
    };
  }
  if (connection.refreshRetryAt && connection.refreshRetryAt.getTime() > now) {
    return {
      ok: false,
      errorCode: connection.lastRefreshError ?? 'temporarily_unavailable',
      terminal: false,
      retryAt: connection.refreshRetryAt,
    };
  }
  return null;
}

/** What another caller's refresh (or a reconnect) left in the row since `seen` was read, if anything. */
function settledByAnother(seen: ConnectionEntity, current: ConnectionEntity): RefreshResult | null {
  if (current.tokenVersion !== seen.tokenVersion && current.status === 'ACTIVE') {
    return { ok: true, connection: current };
  }
  return blockedOrBackingOff(current);
}
