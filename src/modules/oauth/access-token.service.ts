import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config';
import { OrgContext } from '../../shared/org-context';
import { ConnectionEntity } from './connection.entity';
import { ConnectionTokens } from './connection-tokens';
import { ConnectionsRepository } from './connections.repository';
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

/**
 * The OAuth module's public surface for other modules (the secret proxy, outbound calls) and the
 * access-token endpoint: one getAccessToken path, valid stored token or one coalesced refresh.
 */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly providers: ProvidersRepository,
    private readonly tokens: ConnectionTokens,
    private readonly refresher: RefreshConnectionUseCase,
    private readonly orgContext: OrgContext,
    private readonly config: AppConfig,
  ) {}

  /** The stored token while it is valid beyond REFRESH_SKEW_SECONDS, else a coalesced refresh. */
  async getAccessToken(orgId: string, connectionId: string): Promise<AccessToken> {
    const connection = await this.loadUsable(orgId, connectionId);
    if (this.isValidBeyondSkew(connection)) return this.toAccessToken(connection);
    // nothing to refresh with: keep using the token until it has really expired
    if (!connection.isRefreshable && !isExpired(connection)) return this.toAccessToken(connection);
    return this.resolve(await this.refresher.execute(orgId, connection), connection, true);
  }

  /** An upstream rejected `rejectedAccessToken` (401, Slack invalid_auth): refresh unless already replaced. */
  async refreshAfterRejection(
    orgId: string,
    connectionId: string,
    rejectedAccessToken: string,
  ): Promise<AccessToken> {
    const connection = await this.loadUsable(orgId, connectionId);
    if (this.tokens.accessTokenOf(connection) !== rejectedAccessToken) return this.toAccessToken(connection);
    return this.resolve(await this.refresher.execute(orgId, connection), connection, false);
  }

  async describeConnection(orgId: string, connectionId: string): Promise<ConnectionDescription> {
    const connection = await this.load(orgId, connectionId);
    const provider = await this.providers.findForOrg(orgId, connection.providerId);
    if (!provider) throw new ConnectionNotFoundError();
    return {
      connectionId: connection.id,
      providerKey: provider.key,
      apiBaseUrl: connectionApiBaseUrl(provider, connection),
      errorStyle: provider.errorStyle,
      status: connection.status,
    };
  }

  private resolve(result: RefreshResult, seen: ConnectionEntity, staleTokenUsable: boolean): AccessToken {
    if (result.ok) return this.toAccessToken(result.connection);
    if (result.terminal) throw new ConnectionInvalidError(result.errorCode);
    // transient: the old token is still better than nothing until it has really expired
    if (staleTokenUsable && !isExpired(seen)) return this.toAccessToken(seen);
    const retryAfter = result.retryAt ? (result.retryAt.getTime() - Date.now()) / 1000 : 1;
    throw new RefreshUnavailableError(retryAfter, result.errorCode);
  }

  private async loadUsable(orgId: string, connectionId: string): Promise<ConnectionEntity> {
    const connection = await this.load(orgId, connectionId);
    if (connection.status === 'INVALID') throw new ConnectionInvalidError(connection.lastRefreshError);
    return connection;
  }

  private async load(orgId: string, connectionId: string): Promise<ConnectionEntity> {
    // a call for another org than the request's answers exactly like a missing connection
    const contextOrg = this.orgContext.currentOrgId();
    if (contextOrg !== undefined && contextOrg !== orgId) throw new ConnectionNotFoundError();
    const connection = await this.connections.findForOrg(orgId, connectionId);
    if (!connection) throw new ConnectionNotFoundError();
    return connection;
  }

  /** Of the given connections, the INVALID ones (for reconciling integrations whose event was lost). */
  findInvalidConnections(connectionIds: string[]): Promise<Array<{ orgId: string; connectionId: string }>> {
    return this.connections.findInvalidAmong(connectionIds);
  }

  private isValidBeyondSkew(connection: ConnectionEntity): boolean {
    // no expires_in: treated as non-expiring until an upstream 401 says otherwise
    if (connection.expiresAt === null) return true;
    return connection.expiresAt.getTime() - Date.now() > this.config.oauth.refreshSkewSeconds * 1000;
  }

  private toAccessToken(connection: ConnectionEntity): AccessToken {
    return { accessToken: this.tokens.accessTokenOf(connection), expiresAt: connection.expiresAt };
  }
}

function isExpired(connection: ConnectionEntity): boolean {
  return connection.expiresAt !== null && connection.expiresAt.getTime() <= Date.now();
}
