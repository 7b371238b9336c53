/**
 * What the proxy needs from the OAuth module, narrowed to the three calls it makes. The OAuth
 * module's AccessTokenService satisfies it structurally and is bound in secret-proxy.module.ts.
 */
export interface ProxiedConnection {
  connectionId: string;
  providerKey: string;
  apiBaseUrl: string | null;
  errorStyle: 'standard' | 'slack';
  status: 'ACTIVE' | 'INVALID';
}

export interface ProxyAccessToken {
  accessToken: string;
  expiresAt: Date | null;
}

export interface CredentialSource {
  /** The connection and its usable token when both are in memory; undefined sends the caller the long way. */
  credentialNow(
    orgId: string,
    connectionId: string,
  ): { description: ProxiedConnection; accessToken: ProxyAccessToken } | undefined;
  describeConnection(orgId: string, connectionId: string): Promise<ProxiedConnection>;
  getAccessToken(orgId: string, connectionId: string): Promise<ProxyAccessToken>;
  /** null: no new token (the connection is not refreshable, or was refreshed for a rejection just now). */
  refreshAfterRejection(
    orgId: string,
    connectionId: string,
    rejectedAccessToken: string,
  ): Promise<ProxyAccessToken | null>;
}

export const CREDENTIAL_SOURCE = Symbol('secret-proxy:credential-source');
