import { ErrorStyle } from './provider.entity';

/** What a token endpoint gave us, already normalised; never logged. */
export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  expiresInSeconds: number | null;
  scope: string | null;
  /** The answer's `instance_url` as given (Salesforce); used only when the template asks for it. */
  instanceUrl?: string;
}

export type TokenEndpointResult =
  | { ok: true; tokens: TokenSet }
  | { ok: false; errorCode: string; terminal: boolean; retryAfterSeconds?: number };

/** Our own code for "refresh can never succeed: nothing to refresh with" (no call is made). */
export const NOT_REFRESHABLE = 'refresh_token_missing';

/** Our own code for "the connection lacks a value its provider's token URL needs" ({shop}). */
export const CONNECTION_PARAMS_MISSING = 'connection_params_missing';

/**
 * The one list of error codes that mean the grant itself is dead: retrying can never succeed, only a
 * reconnect can. OAuth 2.0 (RFC 6749 §5.2) plus the provider spellings seen in the field (Slack).
 * `token_expired` on a token endpoint is about the refresh token, so it is terminal here.
 */
export const TERMINAL_ERROR_CODES: ReadonlySet<string> = new Set([
  'invalid_grant',
  'invalid_refresh_token',
  'access_denied',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'invalid_client',
  'unauthorized_client',
  'invalid_scope',
  'invalid_client_id',
  'bad_client_secret',
  'user_removed_from_team',
  'team_disabled',
  'app_uninstalled',
  // GitHub's spellings (answered with HTTP 200)
  'bad_refresh_token',
  'bad_verification_code',
  'incorrect_client_credentials',
  NOT_REFRESHABLE,
  CONNECTION_PARAMS_MISSING,
]);

export function isTerminalErrorCode(code: string): boolean {
  return TERMINAL_ERROR_CODES.has(code);
}

export interface TokenHttpResponse {
  status: number;
  retryAfterSeconds?: number;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: unknown;
  errorStyle: ErrorStyle;
}

/**
 * Classifies a token-endpoint answer. 429 and 5xx are transient whatever the body says. A 2xx is a
 * success only with an access_token; Slack answers HTTP 200 `{ok:false,error}` for failures, GitHub
 * HTTP 200 `{error}`.
 */
export function classifyTokenResponse(response: TokenHttpResponse): TokenEndpointResult {
  const body = asRecord(response.body);
  const errorCode = typeof body.error === 'string' && body.error ? body.error : undefined;
  if (response.status === 429 || response.status >= 500) {
    return transient(errorCode ?? `http_${response.status}`, response.retryAfterSeconds);
  }
  if (response.status >= 200 && response.status < 300) {
    if (response.errorStyle === 'slack' && body.ok === false) {
      return failure(errorCode ?? 'unknown_error', response.retryAfterSeconds);
    }
    const tokens = readTokens(body);
    if (tokens) return { ok: true, tokens };
    // GitHub answers token failures with HTTP 200 and `{error}`: a failure with that code
    return errorCode ? failure(errorCode, response.retryAfterSeconds) : transient('invalid_token_response');
  }
  // RFC 6749 §5.2: a 401 from the token endpoint is failed client authentication
  const code = errorCode ?? (response.status === 401 ? 'invalid_client' : `http_${response.status}`);
  return failure(code, response.retryAfterSeconds);
}

/** The request never got an answer: always transient. */
export type TransportFailure = 'timeout' | 'unreachable' | 'refused' | 'too_large';

const TRANSPORT_ERROR_CODES: Record<TransportFailure, string> = {
  timeout: 'timeout',
  unreachable: 'network_error',
  refused: 'upstream_refused',
  // an answer over the read cap says nothing about the grant: try again later
  too_large: 'answer_too_large',
};

export function classifyTransportFailure(kind: TransportFailure): TokenEndpointResult {
  return transient(TRANSPORT_ERROR_CODES[kind]);
}

function failure(errorCode: string, retryAfterSeconds?: number): TokenEndpointResult {
  if (isTerminalErrorCode(errorCode)) return { ok: false, errorCode, terminal: true };
  return transient(errorCode, retryAfterSeconds);
}

function transient(errorCode: string, retryAfterSeconds?: number): TokenEndpointResult {
  return retryAfterSeconds === undefined
    ? { ok: false, errorCode, terminal: false }
    : { ok: false, errorCode, terminal: false, retryAfterSeconds };
}

function readTokens(body: Record<string, unknown>): TokenSet | undefined {
  if (typeof body.access_token !== 'string' || !body.access_token) return undefined;
  const expiresIn = Number(body.expires_in);
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : null,
    expiresInSeconds:
      body.expires_in !== undefined && body.expires_in !== null && Number.isFinite(expiresIn) && expiresIn > 0
        ? expiresIn
        : null,
    scope: typeof body.scope === 'string' ? body.scope : null,
    ...(typeof body.instance_url === 'string' ? { instanceUrl: body.instance_url } : {}),
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
