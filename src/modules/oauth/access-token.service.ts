import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config';
import { ChangeChannel } from '../../database';
import { ChangeCache, MISS } from '../../shared/change-cache';
import { OrgContext } from '../../shared/org-context';
import { ConnectionEntity } from './connection.entity';
import { ConnectionTokens } from './connection-tokens';
import { ConnectionsRepository, ReauthorizedConnection } from './connections.repository';
import { ConnectionInvalidError, ConnectionNotFoundError, RefreshUnavailableError } from './oauth.errors';
import { ErrorStyle } from './provider.entity';
import { connectionApiBaseUrl } from './provider-urls';
import { ProvidersRepository } from './providers.repository';
import { RefreshConnectionUseCase, RefreshResult } from './refresh-connection.usecase';

export interface AccessToken {
  accessToken: string;
  expiresAt: Date | null;
}

export interface ConnectionDescription {
  connectionId: string;
  providerKey: string;
  apiBaseUrl: string | null;
  errorStyle: ErrorStyle;
  status: 'ACTIVE' | 'INVALID';
}

/** A connection as the hot paths use it: the row, its provider's settings, the token decrypted. */
interface ConnectionState {
  connection: ConnectionEntity;
  description: ConnectionDescription;
  accessToken: string;
}

/** An upstream's 401 may be provoked by the worker itself: it buys at most one refresh a minute. */
const REJECTION_REFRESH_WINDOW_SECONDS = 60;

/**
 * The OAuth module's public surface for other modules (the secret proxy, outbound calls) and the
 * access-token endpoint: one getAccessToken path, valid stored token or one coalesced refresh.
 * A warm connection is answered from memory (the change channel drops it the moment its row
 * changes anywhere); a refresh, an invalidation or a reconnect is always read from the database.
 */
@Injectable()
export class AccessTokenService {
  private readonly states: ChangeCache<ConnectionState | null>;

  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly providers: ProvidersRepository,
    private readonly tokens: ConnectionTokens,
    private readonly refresher: RefreshConnectionUseCase,
    private readonly orgContext: OrgContext,
    private readonly config: AppConfig,
    channel: ChangeChannel,
  ) {
    this.states = new ChangeCache<ConnectionState | null>(channel, {
      topics: ['connection', 'provider'],
      keeps: (state) => state !== null,
      tagsOf: (state) =>
        state ? [`connection:${state.connection.id}`, `provider:${state.connection.providerId}`] : [],
    });
  }

  /** The stored token while it is valid beyond REFRESH_SKEW_SECONDS, else a coalesced refresh. */
  async getAccessToken(orgId: string, connectionId: string): Promise<AccessToken> {
    const state = await this.loadUsable(orgId, connectionId);
    const { connection } = state;
    if (this.isValidBeyondSkew(connection)) return toAccessToken(state);
    // nothing to refresh with: keep using the token until it has really expired
    if (!connection.isRefreshable && !isExpired(connection)) return toAccessToken(state);
    return this.resolve(orgId, await this.refresher.execute(orgId, connection), state, true);
  }

  /**
   * An upstream rejected `rejectedAccessToken` (401, Slack invalid_auth). A newer stored token is
   * returned as is. Otherwise a refresh happens only for a refreshable connection and at most once
   * per connection per minute across every process; null means "no new token: hand the rejection
   * back", and the connection is left exactly as it was (a worker that provokes 401s, e.g. with junk
   * in Authorization, can neither invalidate a connection nor make it rotate on every request).
   */
  async refreshAfterRejection(
    orgId: string,
    connectionId: string,
    rejectedAccessToken: string,
  ): Promise<AccessToken | null> {
    const state = await this.loadUsable(orgId, connectionId, { fresh: true });
    if (state.accessToken !== rejectedAccessToken) return toAccessToken(state);
    if (!state.connection.isRefreshable) return null;
    const claimed = await this.connections.claimRejectionRefresh(
      orgId,
      connectionId,
      REJECTION_REFRESH_WINDOW_SECONDS,
    );
    if (!claimed) {
      // Concurrent rejections of the same token share the one refresh another caller claimed: join
      // it while it runs (the refresh path coalesces, so this makes no provider call of its own),
      // adopt its token once written; a claim that already finished without one leaves the 401.
      if (await this.connections.isRefreshRunning(orgId, connectionId)) {
        return this.resolve(orgId, await this.refresher.execute(orgId, state.connection), state, false);
      }
      const latest = await this.loadUsable(orgId, connectionId, { fresh: true });
      return latest.accessToken !== rejectedAccessToken ? toAccessToken(latest) : null;
    }
    return this.resolve(orgId, await this.refresher.execute(orgId, state.connection), state, false);
  }

  /**
   * The warm path of describeConnection + getAccessToken, without waiting for anything: when the
   * connection is in memory, ACTIVE, and its token usable as it is (valid beyond the skew, or not
   * refreshable and not yet expired). Otherwise undefined, and the caller takes the full path.
   */
  credentialNow(
    orgId: string,
    connectionId: string,
  ): { description: ConnectionDescription; accessToken: AccessToken } | undefined {
    const contextOrg = this.orgContext.currentOrgId();
    if (contextOrg !== undefined && contextOrg !== orgId) return undefined;
    const state = this.states.peek(cacheKey(orgId, connectionId));
    if (state === MISS || state === null || state.connection.status !== 'ACTIVE') return undefined;
    const { connection } = state;
    const usable =
      this.isValidBeyondSkew(connection) || (!connection.isRefreshable && !isExpired(connection));
    return usable ? { description: state.description, accessToken: toAccessToken(state) } : undefined;
  }

  async describeConnection(orgId: string, connectionId: string): Promise<ConnectionDescription> {
    return (await this.load(orgId, connectionId)).description;
  }

  /** Of the given connections, the INVALID ones (for reconciling integrations whose event was lost). */
  findInvalidConnections(connectionIds: string[]): Promise<Array<{ orgId: string; connectionId: string }>> {
    return this.connections.findInvalidAmong(connectionIds);
  }

  /**
   * Of the given connections, the ACTIVE ones re-authorized over `settledSeconds` ago, with the
   * time (for restoring integrations whose REAUTH_SUCCEEDED was lost).
   */
  findReauthorizedConnections(
    connectionIds: string[],
    settledSeconds: number,
  ): Promise<ReauthorizedConnection[]> {
    return this.connections.findReauthorizedAmong(connectionIds, settledSeconds);
  }

  private resolve(
    orgId: string,
    result: RefreshResult,
    seen: ConnectionState,
    staleTokenUsable: boolean,
  ): AccessToken {
    // this process saw the row change; the notification will say the same a moment later
    this.states.forget(cacheKey(orgId, seen.connection.id));
    if (result.ok) {
      return {
        accessToken: this.tokens.accessTokenOf(result.connection),
        expiresAt: result.connection.expiresAt,
      };
    }
    if (result.terminal) throw new ConnectionInvalidError(result.errorCode);
    // transient: the old token is still better than nothing until it has really expired
    if (staleTokenUsable && !isExpired(seen.connection)) return toAccessToken(seen);
    const retryAfter = result.retryAt ? (result.retryAt.getTime() - Date.now()) / 1000 : 1;
    throw new RefreshUnavailableError(retryAfter, result.errorCode);
  }

  private async loadUsable(
    orgId: string,
    connectionId: string,
    options: { fresh?: boolean } = {},
  ): Promise<ConnectionState> {
    const state = await this.load(orgId, connectionId, options);
    if (state.connection.status === 'INVALID')
      throw new ConnectionInvalidError(state.connection.lastRefreshError);
    return state;
  }

  private async load(
    orgId: string,
    connectionId: string,
    { fresh = false }: { fresh?: boolean } = {},
  ): Promise<ConnectionState> {
    // a call for another org than the request's answers exactly like a missing connection
    const contextOrg = this.orgContext.currentOrgId();
    if (contextOrg !== undefined && contextOrg !== orgId) throw new ConnectionNotFoundError();
    const key = cacheKey(orgId, connectionId);
    const read = () => this.read(orgId, connectionId);
    const state = fresh ? await this.states.load(key, read) : await this.states.get(key, read);
    if (!state) throw new ConnectionNotFoundError();
    return state;
  }

  private async read(orgId: string, connectionId: string): Promise<ConnectionState | null> {
    const connection = await this.connections.findForOrg(orgId, connectionId);
    const provider = connection && (await this.providers.findForOrg(orgId, connection.providerId));
    if (!connection || !provider) return null;
    return {
      connection,
      accessToken: this.tokens.accessTokenOf(connection),
      description: {
        connectionId: connection.id,
        providerKey: provider.key,
        apiBaseUrl: connectionApiBaseUrl(provider, connection),
        errorStyle: provider.errorStyle,
        status: connection.status,
      },
    };
  }

  private isValidBeyondSkew(connection: ConnectionEntity): boolean {
    // no expires_in: treated as non-expiring until an upstream 401 says otherwise
    if (connection.expiresAt === null) return true;
    return connection.expiresAt.getTime() - Date.now() > this.config.oauth.refreshSkewSeconds * 1000;
  }
}

function cacheKey(orgId: string, connectionId: string): string {
  return `${orgId}/${connectionId.toLowerCase()}`;
}

function toAccessToken(state: ConnectionState): AccessToken {
  return { accessToken: state.accessToken, expiresAt: state.connection.expiresAt };
}

function isExpired(connection: ConnectionEntity): boolean {
  return connection.expiresAt !== null && connection.expiresAt.getTime() <= Date.now();
}
