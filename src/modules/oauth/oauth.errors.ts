import { ConflictError, NotFoundError, PlugboardError, ServiceUnavailableError } from '../../shared/errors';

export class ProviderNotFoundError extends NotFoundError {
  constructor() {
    super('Provider', 'PROVIDER.NOT_FOUND');
  }
}

export class ProviderKeyTakenError extends ConflictError {
  constructor(key: string) {
    super('PROVIDER.KEY_TAKEN', `A provider with key "${key}" already exists in this org`);
  }
}

/** A stored secret or refresh token is never sent to a host it was not entered for. */
export class ProviderSecretRequiredError extends PlugboardError {
  constructor(fields: string[]) {
    super(
      'PROVIDER.SECRET_REQUIRED',
      400,
      `Changing ${fields.join(', ')} requires clientSecret again: stored secrets and tokens only go to the hosts they were entered for`,
    );
  }
}

export class ConnectionNotFoundError extends NotFoundError {
  constructor() {
    super('Connection', 'CONNECTION.NOT_FOUND');
  }
}

/** The credential is dead (terminal refresh failure, revoked, nothing to refresh with): reconnect it. */
export class ConnectionInvalidError extends ConflictError {
  constructor(reason?: string | null) {
    super(
      'CONNECTION.INVALID',
      `Connection needs a reconnect${reason ? ` (last refresh error: ${reason})` : ''}`,
    );
  }
}

/** The token expired and the provider failed transiently; the connection backs off and stays ACTIVE. */
export class RefreshUnavailableError extends ServiceUnavailableError {
  constructor(retryAfterSeconds: number, reason?: string | null) {
    super(
      'CONNECTION.REFRESH_UNAVAILABLE',
      `Token refresh is temporarily unavailable${reason ? ` (${reason})` : ''}; retry after ${retryAfterSeconds} s`,
      Math.max(1, Math.ceil(retryAfterSeconds)),
    );
  }
}

export class InvalidStateError extends PlugboardError {
  constructor() {
    super('OAUTH.INVALID_STATE', 400, 'The OAuth state is unknown, already used or expired');
  }
}

export class ProviderAuthorizationError extends PlugboardError {
  constructor(errorCode: string) {
    super('OAUTH.PROVIDER_ERROR', 400, `The provider answered the authorization with error "${errorCode}"`);
  }
}

export class TokenExchangeFailedError extends PlugboardError {
  constructor(errorCode: string) {
    super('OAUTH.TOKEN_EXCHANGE_FAILED', 502, `The provider's token endpoint failed (${errorCode})`);
  }
}

/** The steps of connecting an MCP server, named in the error when one fails. */
export type McpDiscoveryStep =
  'protected_resource_metadata' | 'authorization_server_metadata' | 'client_registration';

/** Discovering or registering with an MCP server's authorization server failed; nothing was stored. */
export class McpDiscoveryFailedError extends PlugboardError {
  constructor(
    readonly step: McpDiscoveryStep,
    reason: string,
  ) {
    super('PROVIDER.MCP_DISCOVERY_FAILED', 502, `MCP discovery failed at step ${step}: ${reason}`);
  }
}
