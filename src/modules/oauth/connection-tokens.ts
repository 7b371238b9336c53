import { Injectable } from '@nestjs/common';
import { Keyring } from '../../shared/keyring';
import { ConnectionEntity } from './connection.entity';
import { StoredTokens } from './connections.repository';
import { isRefreshable } from './is-refreshable';
import { ProviderEntity } from './provider.entity';
import { TokenSet } from './refresh-outcome';

/** Seals token sets for storage and opens them for use; the only place tokens meet the keyring. */
@Injectable()
export class ConnectionTokens {
  constructor(private readonly keyring: Keyring) {}

  /**
   * `kept` is what a refresh may carry over when the provider does not rotate (the old refresh token,
   * the granted scope). A new authorization passes nothing, so isRefreshable reflects only what it got.
   */
  seal(
    provider: ProviderEntity,
    tokens: TokenSet,
    kept: { refreshTokenEncrypted: string | null; scope: string | null } = {
      refreshTokenEncrypted: null,
      scope: null,
    },
  ): StoredTokens {
    const refreshTokenEncrypted =
      provider.grantType === 'client_credentials'
        ? null
        : tokens.refreshToken !== null
          ? this.keyring.encrypt(tokens.refreshToken)
          : kept.refreshTokenEncrypted;
    return {
      accessTokenEncrypted: this.keyring.encrypt(tokens.accessToken),
      refreshTokenEncrypted,
      expiresAt:
        tokens.expiresInSeconds !== null ? new Date(Date.now() + tokens.expiresInSeconds * 1000) : null,
      scope: tokens.scope ?? kept.scope,
      isRefreshable: isRefreshable(provider.grantType, refreshTokenEncrypted !== null),
    };
  }

  accessTokenOf(connection: ConnectionEntity): string {
    return this.keyring.decrypt(connection.accessTokenEncrypted);
  }

  refreshTokenOf(connection: ConnectionEntity): string | null {
    return connection.refreshTokenEncrypted ? this.keyring.decrypt(connection.refreshTokenEncrypted) : null;
  }
}
