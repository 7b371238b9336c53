import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config';
import { ENCRYPTED_COLUMNS, secretAt } from '../../shared/encrypted-columns';
import { RequestInvalidError } from '../../shared/errors';
import { Keyring } from '../../shared/keyring';
import { generateToken, hashToken } from '../../shared/secure-token';
import { quirksOf } from './catalog/catalog';
import { ConnectionsRepository } from './connections.repository';
import { AuthorizeRequestDto } from './dto/authorize-connection.request.dto';
import { AuthorizeResponseDto } from './dto/authorization.response.dto';
import { OAuthStatesRepository } from './oauth-states.repository';
import { ConnectionNotFoundError, ProviderNotFoundError } from './oauth.errors';
import { codeChallengeS256, generateCodeVerifier } from './pkce';
import { ProviderEntity } from './provider.entity';
import { checkConnectionParams, fillUrlParams, UrlParams } from './provider-urls';
import { ProvidersRepository } from './providers.repository';
import { joinScopes } from './token-endpoint.client';

export const STATE_TTL_MS = 10 * 60 * 1000;

/** Starts an authorization: a single-use state row that carries the PKCE verifier server-side. */
@Injectable()
export class AuthorizationService {
  constructor(
    private readonly providers: ProvidersRepository,
    private readonly connections: ConnectionsRepository,
    private readonly states: OAuthStatesRepository,
    private readonly keyring: Keyring,
    private readonly config: AppConfig,
  ) {}

  async authorize(orgId: string, input: AuthorizeRequestDto): Promise<AuthorizeResponseDto> {
    const provider = await this.providers.findByKey(orgId, input.provider);
    if (!provider) throw new ProviderNotFoundError();
    if (provider.grantType !== 'authorization_code' || !provider.authorizeUrl) {
      throw new RequestInvalidError(`provider ${provider.key} does not use the authorization_code grant`);
    }
    const params = await this.paramsFor(orgId, provider, input);
    const state = generateToken('', 32);
    const verifier = provider.usePkce ? generateCodeVerifier() : null;
    const redirectUri = `${this.config.publicUrl}/oauth/callback`;
    const expiresAt = new Date(Date.now() + STATE_TTL_MS);
    const id = randomUUID();
    await this.states.insert({
      id,
      stateHash: hashToken(state),
      organizationId: orgId,
      providerId: provider.id,
      connectionId: input.connectionId?.toLowerCase() ?? null,
      codeVerifierEncrypted: verifier
        ? this.keyring.encrypt(verifier, secretAt(ENCRYPTED_COLUMNS.stateCodeVerifier, id))
        : null,
      redirectUri,
      returnUrl: input.returnUrl ?? null,
      params: Object.keys(params).length > 0 ? params : null,
      expiresAt,
    });
    const url = new URL(fillUrlParams(provider.authorizeUrl, params));
    // the template's extras first (Google's access_type=offline…), so the standard ones always win
    for (const [name, value] of Object.entries(quirksOf(provider).authorizeParams ?? {})) {
      url.searchParams.set(name, value);
    }
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', provider.clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    const scopes = input.scopes ?? provider.scopes;
    if (scopes.length > 0) url.searchParams.set('scope', joinScopes(provider, scopes));
    url.searchParams.set('state', state);
    if (verifier) {
      url.searchParams.set('code_challenge', codeChallengeS256(verifier));
      url.searchParams.set('code_challenge_method', 'S256');
    }
    if (provider.resourceIndicator) url.searchParams.set('resource', provider.resourceIndicator);
    return { authorizeUrl: url.toString(), state, expiresAt: expiresAt.toISOString() };
  }

  /**
   * The URL params of this authorization. A reconnect keeps its connection's: a connection belongs
   * to one shop or account, and a reconnect cannot move it to another.
   */
  private async paramsFor(
    orgId: string,
    provider: ProviderEntity,
    input: AuthorizeRequestDto,
  ): Promise<UrlParams> {
    const urls = [provider.authorizeUrl, provider.tokenUrl, provider.apiBaseUrl];
    if (!input.connectionId) return checkConnectionParams(urls, input.params);
    const connection = await this.connections.findForOrg(orgId, input.connectionId.toLowerCase());
    if (!connection) throw new ConnectionNotFoundError();
    if (connection.providerId !== provider.id) {
      throw new RequestInvalidError('connectionId belongs to another provider');
    }
    const stored = checkConnectionParams(urls, input.params ?? connection.params ?? undefined);
    if (input.params && !sameParams(stored, connection.params ?? {})) {
      throw new RequestInvalidError('params cannot change on a reconnect (create a new connection instead)');
    }
    return stored;
  }
}

function sameParams(a: UrlParams, b: UrlParams): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => a[name] === b[name]);
}
