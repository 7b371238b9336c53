import { Injectable, Logger } from '@nestjs/common';
import { ENCRYPTED_COLUMNS, secretAt } from '../../shared/encrypted-columns';
import { Keyring } from '../../shared/keyring';
import {
  OutboundHttp,
  UpstreamAnswerTooLargeError,
  UpstreamRefusedError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from '../../shared/outbound';
import { quirksOf } from './catalog/catalog';
import { ProviderEntity } from './provider.entity';
import { fillUrlParams, refreshUrlOf, UrlParams } from './provider-urls';
import { parseRetryAfter } from '../../shared/retry-after';
import {
  classifyTokenResponse,
  classifyTransportFailure,
  CONNECTION_PARAMS_MISSING,
  TokenEndpointResult,
  TransportFailure,
} from './refresh-outcome';

/** Kept well below the refresh lease (see refresh-lock.ts) so a leader normally finishes inside it. */
export const TOKEN_CALL_TIMEOUTS = { connectMs: 3_000, headersMs: 8_000, bodyMs: 4_000 };

/**
 * The only code that talks to token endpoints, always through the SSRF-safe OutboundHttp. Returns a
 * classified result and never throws for provider or network failures. Never logs token material.
 */
@Injectable()
export class TokenEndpointClient {
  private readonly logger = new Logger(TokenEndpointClient.name);

  constructor(
    private readonly outbound: OutboundHttp,
    private readonly keyring: Keyring,
  ) {}

  exchangeCode(
    provider: ProviderEntity,
    input: { code: string; redirectUri: string; codeVerifier: string | null; params: UrlParams },
  ): Promise<TokenEndpointResult> {
    const body: Record<string, string> = {
      grant_type: 'authorization_code',
      code: input.code,
      redirect_uri: input.redirectUri,
    };
    if (input.codeVerifier) body.code_verifier = input.codeVerifier;
    return this.call(provider, body, input.params);
  }

  refresh(provider: ProviderEntity, refreshToken: string, params: UrlParams): Promise<TokenEndpointResult> {
    return this.call(provider, { grant_type: 'refresh_token', refresh_token: refreshToken }, params);
  }

  requestClientCredentials(provider: ProviderEntity, params: UrlParams): Promise<TokenEndpointResult> {
    const body: Record<string, string> = { grant_type: 'client_credentials' };
    if (provider.scopes.length > 0) body.scope = joinScopes(provider);
    return this.call(provider, body, params);
  }

  private async call(
    provider: ProviderEntity,
    fields: Record<string, string>,
    params: UrlParams,
  ): Promise<TokenEndpointResult> {
    const quirks = quirksOf(provider);
    // RFC 8707: an MCP server's authorization server binds the token to the resource it was asked for
    if (provider.resourceIndicator) fields.resource = provider.resourceIndicator;
    const { headers, fields: authenticated } = this.authenticate(provider, fields);
    let url: string;
    try {
      const tokenUrl = fillUrlParams(provider.tokenUrl, params);
      url =
        fields.grant_type === 'refresh_token' && quirks.refreshPath
          ? refreshUrlOf(tokenUrl, quirks.refreshPath)
          : tokenUrl;
    } catch {
      // the connection lacks a value its provider's token URL needs: no call can ever succeed
      return { ok: false, errorCode: CONNECTION_PARAMS_MISSING, terminal: true };
    }
    const json = quirks.tokenRequestBody === 'json';
    headers['content-type'] = json ? 'application/json' : 'application/x-www-form-urlencoded';
    let result: TokenEndpointResult;
    try {
      const response = await this.outbound.request({
        url,
        method: 'POST',
        headers,
        body: json ? JSON.stringify(authenticated) : new URLSearchParams(authenticated).toString(),
        timeouts: TOKEN_CALL_TIMEOUTS,
      });
      // capped: a token endpoint streaming without end is a transient failure, not a dead process
      const text = await response.text();
      result = classifyTokenResponse({
        status: response.status,
        retryAfterSeconds: parseRetryAfter(response.headers['retry-after']),
        body: parseJson(text),
        errorStyle: provider.errorStyle,
      });
    } catch (error) {
      result = classifyTransportFailure(transportKind(error));
    }
    if (!result.ok) {
      this.logger.warn(
        { providerId: provider.id, grantType: fields.grant_type, errorCode: result.errorCode },
        `token endpoint failed for provider ${provider.key}: ${result.errorCode}`,
      );
    }
    return result;
  }

  /** Client authentication (RFC 6749 §2.3.1): HTTP Basic, the body, or only client_id for a public client. */
  private authenticate(
    provider: ProviderEntity,
    fields: Record<string, string>,
  ): { headers: Record<string, string>; fields: Record<string, string> } {
    const headers: Record<string, string> = { accept: 'application/json' };
    const secret =
      provider.tokenAuthMethod !== 'none' && provider.clientSecretEncrypted
        ? this.keyring.decrypt(
            provider.clientSecretEncrypted,
            secretAt(ENCRYPTED_COLUMNS.providerClientSecret, provider.id),
          )
        : null;
    if (provider.tokenAuthMethod === 'client_secret_basic' && secret !== null) {
      // both parts form-urlencoded before base64
      const credentials = `${formEncode(provider.clientId)}:${formEncode(secret)}`;
      headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
      return { headers, fields };
    }
    const withClient: Record<string, string> = { ...fields, client_id: provider.clientId };
    if (secret !== null) withClient.client_secret = secret;
    return { headers, fields: withClient };
  }
}

export function joinScopes(provider: ProviderEntity, scopes: string[] = provider.scopes): string {
  // RFC 6749 uses spaces; some providers (Slack, Linear, Shopify…) expect commas, which their
  // template says. A hand-configured Slack-style provider keeps the comma it always had.
  const separator = quirksOf(provider).scopeSeparator ?? (provider.errorStyle === 'slack' ? ',' : ' ');
  return scopes.join(separator);
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function transportKind(error: unknown): TransportFailure {
  if (error instanceof UpstreamTimeoutError) return 'timeout';
  if (error instanceof UpstreamAnswerTooLargeError) return 'too_large';
  if (error instanceof UpstreamRefusedError) return 'refused';
  if (error instanceof UpstreamUnreachableError) return 'unreachable';
  return 'unreachable';
}
