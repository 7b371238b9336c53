import { ChangeChannel } from '../../database';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RequestInvalidError } from '../../shared/errors';
import { EventBus } from '../../shared/event-bus';
import { CREDENTIAL_INVALIDATED } from '../../shared/events';
import { ListQueryDto, Page, pageSize, toPage } from '../../shared/pagination';
import { AuditRecorder } from '../audit';
import { AccessTokenService } from './access-token.service';
import { ConnectionEntity } from './connection.entity';
import { ConnectionTokens } from './connection-tokens';
import { ConnectionsRepository } from './connections.repository';
import { CreateConnectionRequestDto } from './dto/create-connection.request.dto';
import { AccessTokenResponseDto } from './dto/access-token.response.dto';
import { ConnectionResponseDto, toConnectionResponse } from './dto/connection.response.dto';
import { RefreshResponseDto } from './dto/refresh.response.dto';
import { ConnectionNotFoundError, ProviderNotFoundError, TokenExchangeFailedError } from './oauth.errors';
import { checkConnectionParams } from './provider-urls';
import { ProvidersRepository } from './providers.repository';
import { RefreshConnectionUseCase } from './refresh-connection.usecase';
import { TokenEndpointClient } from './token-endpoint.client';

@Injectable()
export class ConnectionsService {
  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly providers: ProvidersRepository,
    private readonly tokens: ConnectionTokens,
    private readonly tokenEndpoint: TokenEndpointClient,
    private readonly accessTokens: AccessTokenService,
    private readonly refresher: RefreshConnectionUseCase,
    private readonly eventBus: EventBus,
    private readonly channel: ChangeChannel,
    private readonly audit: AuditRecorder,
  ) {}

  /** Imports tokens, or for a client_credentials provider obtains the first token now. */
  async createConnection(orgId: string, input: CreateConnectionRequestDto): Promise<ConnectionResponseDto> {
    const provider = await this.providers.findByKey(orgId, input.provider);
    if (!provider) throw new ProviderNotFoundError();
    const params = checkConnectionParams(
      [provider.authorizeUrl, provider.tokenUrl, provider.apiBaseUrl],
      input.params,
    );
    let tokenSet;
    if (input.tokens) {
      tokenSet = {
        accessToken: input.tokens.accessToken,
        refreshToken: input.tokens.refreshToken ?? null,
        expiresInSeconds: input.tokens.expiresIn ?? null,
        scope: input.tokens.scope ?? null,
      };
    } else if (provider.grantType === 'client_credentials') {
      const result = await this.tokenEndpoint.requestClientCredentials(provider, params);
      if (!result.ok) throw new TokenExchangeFailedError(result.errorCode);
      if (this.tokens.upstreamOf(provider, result.tokens).kind === 'refused') {
        throw new TokenExchangeFailedError('instance_url_refused');
      }
      tokenSet = result.tokens;
    } else {
      throw new RequestInvalidError(
        'tokens are required for an authorization_code provider (or use /connections/authorize)',
      );
    }
    const id = randomUUID();
    const connection = await this.connections.insert(orgId, {
      id,
      providerId: provider.id,
      externalAccountId: input.externalAccountId ?? null,
      params: Object.keys(params).length > 0 ? params : null,
      ...this.tokens.seal(id, provider, tokenSet),
    });
    return toConnectionResponse(connection, provider.key);
  }

  async listConnections(orgId: string, query: ListQueryDto): Promise<Page<ConnectionResponseDto>> {
    const limit = pageSize(query);
    const rows = await this.connections.listPage(orgId, limit, query.cursor);
    const providers = await this.providers.findManyForOrg(orgId, [
      ...new Set(rows.map((row) => row.providerId)),
    ]);
    const keys = new Map(providers.map((provider) => [provider.id, provider.key]));
    return toPage(rows, limit, (row) => toConnectionResponse(row, keys.get(row.providerId) ?? ''));
  }

  async getConnection(orgId: string, id: string): Promise<ConnectionResponseDto> {
    const connection = await this.load(orgId, id);
    return toConnectionResponse(connection, await this.providerKeyOf(orgId, connection));
  }

  /** Users of a deleted connection are told like for a dead credential (their integrations go to ERROR). */
  async deleteConnection(orgId: string, id: string): Promise<void> {
    if (!(await this.connections.deleteForOrg(orgId, id))) throw new ConnectionNotFoundError();
    this.channel.announce(`connection:${id}`);
    await this.eventBus.publish(CREDENTIAL_INVALIDATED, {
      orgId,
      connectionId: id,
      reason: 'connection_deleted',
    });
  }

  async issueAccessToken(orgId: string, id: string): Promise<AccessTokenResponseDto> {
    const token = await this.accessTokens.getAccessToken(orgId, id);
    // who took a raw token out of plugboard, and when (never the token itself)
    this.audit.record({ orgId, action: 'access_token.issued', connectionId: id });
    return { accessToken: token.accessToken, expiresAt: token.expiresAt?.toISOString() ?? null };
  }

  /** Forced refresh; an expected failure is a value (`ok:false`), never an error status. */
  async refreshConnection(orgId: string, id: string): Promise<RefreshResponseDto> {
    const result = await this.refresher.execute(orgId, await this.load(orgId, id));
    if (result.ok) return { ok: true, expiresAt: result.connection.expiresAt?.toISOString() ?? null };
    return { ok: false, errorCode: result.errorCode, terminal: result.terminal };
  }

  private async load(orgId: string, id: string): Promise<ConnectionEntity> {
    const connection = await this.connections.findForOrg(orgId, id);
    if (!connection) throw new ConnectionNotFoundError();
    return connection;
  }

  private async providerKeyOf(orgId: string, connection: ConnectionEntity): Promise<string> {
    const provider = await this.providers.findForOrg(orgId, connection.providerId);
    if (!provider) throw new ConnectionNotFoundError();
    return provider.key;
  }
}
