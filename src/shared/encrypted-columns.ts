import { SecretLocation } from './keyring';

export interface EncryptedColumn {
  table: string;
  column: string;
}

/**
 * Every column that holds a keyring ciphertext. `reencrypt` walks exactly these, and a test checks
 * the list against the schema, so a new `*_encrypted` column cannot be forgotten by key rotation.
 */
export const ENCRYPTED_COLUMNS = {
  providerClientSecret: { table: 'oauth_providers', column: 'client_secret_encrypted' },
  connectionAccessToken: { table: 'oauth_connections', column: 'access_token_encrypted' },
  connectionRefreshToken: { table: 'oauth_connections', column: 'refresh_token_encrypted' },
  stateCodeVerifier: { table: 'oauth_states', column: 'code_verifier_encrypted' },
  integrationDeliverySecret: { table: 'integrations', column: 'delivery_secret_encrypted' },
  /** The secret a rotation replaced, still signing deliveries until its overlap ends. */
  integrationPreviousDeliverySecret: { table: 'integrations', column: 'previous_delivery_secret_encrypted' },
  integrationIngressSecret: { table: 'integrations', column: 'ingress_secret_encrypted' },
} as const satisfies Record<string, EncryptedColumn>;

/** Where a secret of `column` in row `rowId` lives: what its ciphertext is bound to. */
export function secretAt(column: EncryptedColumn, rowId: string): SecretLocation {
  return { table: column.table, column: column.column, rowId };
}
