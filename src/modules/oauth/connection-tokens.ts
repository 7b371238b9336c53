import { Injectable } from '@nestjs/common';
import { ENCRYPTED_COLUMNS, secretAt } from '../../shared/encrypted-columns';
import { Keyring } from '../../shared/keyring';
import { domainsOf, quirksOf } from './catalog/catalog';
import { ConnectionEntity } from './connection.entity';
import { StoredTokens } from './connections.repository';
import { isRefreshable } from './is-refreshable';
import { ProviderEntity } from './provider.entity';
import { acceptInstanceUrl } from './provider-urls';
import { TokenSet } from './refresh-outcome';

/** What a token answer says about the connection's own upstream (Salesforce instance_url). */
export type AnsweredUpstream = { kind: 'none' } | { kind: 'accepted'; url: string } | { kind: 'refused' };

/** Seals token sets for storage and opens them for use; the only place tokens meet the keyring. */
@Injectable()
export class ConnectionTokens {
  constructor(private readonly keyring: Keyring) {}

  /**
   * Sealed for the connection row `connectionId` (a new row's id is chosen before its insert, since
   * each ciphertext is bound to its row). `kept` is what a refresh may carry over when the provider
   * does not rotate (the old refresh token, the granted scope) — same row, so still bound right. A new
   * authorization passes nothing, so isRefreshable reflects only what it got. A provider that rotates
   * refresh tokens spent the old one on this call: an answer without a new one leaves nothing to
   * refresh with, and presenting the spent token again would trip its reuse detection and revoke the
   * whole grant.
   */
  seal(
    connectionId: string,
    provider: ProviderEntity,
    tokens: TokenSet,
    kept: { refreshTokenEncrypted: string | null; scope: string | null } = {
      refreshTokenEncrypted: null,
      scope: null,
    },
  ): StoredTokens {
    const keptRefreshToken = quirksOf(provider).rotatesRefreshTokens ? null : kept.refreshTokenEncrypted;
    const refreshTokenEncrypted =
      provider.grantType === 'client_credentials'
        ? null
        : tokens.refreshToken !== null
          ? this.keyring.encrypt(tokens.refreshToken, refreshTokenAt(connectionId))
          : keptRefreshToken;
    const upstream = this.upstreamOf(provider, tokens);
    return {
      accessTokenEncrypted: this.keyring.encrypt(tokens.accessToken, accessTokenAt(connectionId)),
      refreshTokenEncrypted,
      expiresAt:
        tokens.expiresInSeconds !== null ? new Date(Date.now() + tokens.expiresInSeconds * 1000) : null,
      scope: tokens.scope ?? kept.scope,
      isRefreshable: isRefreshable(provider.grantType, refreshTokenEncrypted !== null),
      ...(upstream.kind === 'accepted' ? { apiBaseUrl: upstream.url } : {}),
    };
  }

  /**
   * The connection's own API base from the token answer, for templates that take it from there.
   * Only on the template's domains or the token endpoint's own host (provider-urls.ts).
   */
  upstreamOf(provider: ProviderEntity, tokens: TokenSet): AnsweredUpstream {
    if (quirksOf(provider).apiBaseUrlFromTokenField !== 'instance_url' || tokens.instanceUrl === undefined) {
      return { kind: 'none' };
    }
    const url = acceptInstanceUrl(tokens.instanceUrl, {
      domains: domainsOf(provider),
      tokenUrl: provider.tokenUrl,
    });
    return url === null ? { kind: 'refused' } : { kind: 'accepted', url };
  }

  accessTokenOf(connection: ConnectionEntity): string {
    return this.keyring.decrypt(connection.accessTokenEncrypted, accessTokenAt(connection.id));
  }

  refreshTokenOf(connection: ConnectionEntity): string | null {
    return connection.refreshTokenEncrypted
      ? this.keyring.decrypt(connection.refreshTokenEncrypted, refreshTokenAt(connection.id))
      : null;
  }
}

const accessTokenAt = (connectionId: string) =>
  secretAt(ENCRYPTED_COLUMNS.connectionAccessToken, connectionId);
const refreshTokenAt = (connectionId: string) =>
  secretAt(ENCRYPTED_COLUMNS.connectionRefreshToken, connectionId);
