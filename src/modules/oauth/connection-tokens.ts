import { Injectable } from '@nestjs/common';
import { ENCRYPTED_COLUMNS, secretAt } from '../../shared/encrypted-columns';
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
   * Sealed for the connection row `connectionId` (a new row's id is chosen before its insert, since
   * each ciphertext is bound to its row). `kept` is what a refresh may carry over when the provider
   * does not rotate (the old refresh token, the granted scope) — same row, so still bound right. A new
   * authorization passes nothing, so isRefreshable reflects only what it got.
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
    const refreshTokenEncrypted =
      provider.grantType === 'client_credentials'
        ? null
        : tokens.refreshToken !== null
          ? this.keyring.encrypt(tokens.refreshToken, refreshTokenAt(connectionId))
          : kept.refreshTokenEncrypted;
    return {
      accessTokenEncrypted: this.keyring.encrypt(tokens.accessToken, accessTokenAt(connectionId)),
      refreshTokenEncrypted,
      expiresAt:
        tokens.expiresInSeconds !== null ? new Date(Date.now() + tokens.expiresInSeconds * 1000) : null,
      scope: tokens.scope ?? kept.scope,
      isRefreshable: isRefreshable(provider.grantType, refreshTokenEncrypted !== null),
    };
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
