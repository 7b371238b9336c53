import { GrantType } from './provider.entity';

/**
 * A connection is refreshable only if a refresh can possibly succeed, so a connection with nothing to
 * refresh with is never sent to the token endpoint again and again, nor shown as healthy. client_credentials
 * re-requests a token with the client's own secret; every other grant needs a stored refresh token.
 * Re-derived every time tokens are stored, never carried over.
 */
export function isRefreshable(grantType: GrantType, hasRefreshToken: boolean): boolean {
  return grantType === 'client_credentials' || hasRefreshToken;
}
