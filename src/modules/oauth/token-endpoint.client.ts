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
import { ProviderEntity } from './provider.entity';
import { parseRetryAfter } from '../../shared/retry-after';
import {
  classifyTokenResponse,
  classifyTransportFailure,
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
    input: { code: string; redirectUri: string; codeVerifier: string | null },
  ): Promise<TokenEndpointResult> {
    const params: Record<string, string> = {
      grant_type: 'authorization_code',
      code: input.code,
      redirect_uri: input.redirectUri,
    };
    if (input.codeVerifier) params.code_verifier = input.codeVerifier;
    return this.call(provider, params);
  }

  refresh(provider: ProviderEntity, refreshToken: string): Promise<TokenEndpointResult> {
    return this.call(provider, { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  requestClientCredentials(provider: ProviderEntity): Promise<TokenEndpointResult> {
    const params: Record<string, string> = { grant_type: 'client_credentials' };
    if (provider.scopes.length > 0) params.scope = joinScopes(provider);
    return this.call(provider, params);
  }

  private async call(provider: ProviderEntity, params: Record<string, string>): Promise<TokenEndpointResult> {
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    const secret = provider.clientSecretEncrypted
      ? this.keyring.decrypt(
          provider.clientSecretEncrypted,
          secretAt(ENCRYPTED_COLUMNS.providerClientSecret, provider.id),
        )
      : null;
    const body = new URLSearchParams(params);
    if (provider.tokenAuthMethod === 'client_secret_basic' && secret !== null) {
      // RFC 6749 §2.3.1: both parts form-urlencoded before base64
      const credentials = `${formEncode(provider.clientId)}:${formEncode(secret)}`;
      headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    } else {
      body.set('client_id', provider.clientId);
      if (secret !== null) body.set('client_secret', secret);
    }
    let result: TokenEndpointResult;
    try {
      const response = await this.outbound.request({
        url: provider.tokenUrl,
        method: 'POST',
        headers,
        body: body.toString(),
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
        { providerId: provider.id, grantType: params.grant_type, errorCode: result.errorCode },
        `token endpoint failed for provider ${provider.key}: ${result.errorCode}`,
      );
    }
    return result;
  }
}

export function joinScopes(provider: ProviderEntity, scopes: string[] = provider.scopes): string {
  // Slack's OAuth v2 expects comma-separated scopes; RFC 6749 uses spaces
  return scopes.join(provider.errorStyle === 'slack' ? ',' : ' ');
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
