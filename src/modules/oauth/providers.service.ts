import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ChangeChannel, TransactionRunner } from '../../database';
import { RequestInvalidError } from '../../shared/errors';
import { EventBus } from '../../shared/event-bus';
import { CREDENTIAL_INVALIDATED } from '../../shared/events';
import { ENCRYPTED_COLUMNS, secretAt } from '../../shared/encrypted-columns';
import { Keyring } from '../../shared/keyring';
import { ListQueryDto, Page, pageSize, toPage } from '../../shared/pagination';
import { isUniqueViolation } from '../../shared/postgres-errors';
import { providerFieldsFromRequest } from './catalog/apply-template';
import { MCP_TEMPLATE, PROVIDER_TEMPLATES } from './catalog/catalog';
import { ConnectionsRepository } from './connections.repository';
import { CatalogResponseDto, toCatalogProvider } from './dto/catalog.response.dto';
import { CreateProviderRequestDto } from './dto/create-provider.request.dto';
import { UpdateProviderRequestDto } from './dto/update-provider.request.dto';
import { ProviderResponseDto, toProviderResponse } from './dto/provider.response.dto';
import { ProviderKeyTakenError, ProviderNotFoundError, ProviderSecretRequiredError } from './oauth.errors';
import { ProviderEntity } from './provider.entity';
import { DiscoverMcpServerUseCase } from './mcp/discover-mcp-server.usecase';
import { ProviderRow, ProvidersRepository } from './providers.repository';

/** Per-org OAuth app configuration. URLs are stored as given; the SSRF rule applies per outbound call. */
@Injectable()
export class ProvidersService {
  constructor(
    private readonly providers: ProvidersRepository,
    private readonly connections: ConnectionsRepository,
    private readonly keyring: Keyring,
    private readonly transactions: TransactionRunner,
    private readonly eventBus: EventBus,
    private readonly discoverMcpServer: DiscoverMcpServerUseCase,
    private readonly channel: ChangeChannel,
  ) {}

  /**
   * From the request alone, from a catalog template (fields given explicitly win), or for
   * `template: "mcp"` from the MCP server's discovered authorization server and a registration
   * there; a failed discovery stores nothing.
   */
  async createProvider(orgId: string, input: CreateProviderRequestDto): Promise<ProviderResponseDto> {
    const { fields, clientSecret } =
      input.template === MCP_TEMPLATE
        ? await this.discoverMcpServer.execute(input)
        : { fields: providerFieldsFromRequest(input), clientSecret: input.clientSecret ?? null };
    // chosen here: the client secret is sealed for this row
    const id = randomUUID();
    const row: ProviderRow = {
      ...fields,
      clientSecretEncrypted:
        clientSecret !== null ? this.keyring.encrypt(clientSecret, clientSecretAt(id)) : null,
    };
    assertComplete(row);
    try {
      return toProviderResponse(await this.providers.insert(orgId, id, row));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ProviderKeyTakenError(input.key);
      throw error;
    }
  }

  listCatalog(): CatalogResponseDto {
    return { items: PROVIDER_TEMPLATES.map(toCatalogProvider) };
  }

  async listProviders(orgId: string, query: ListQueryDto): Promise<Page<ProviderResponseDto>> {
    const limit = pageSize(query);
    return toPage(await this.providers.listPage(orgId, limit, query.cursor), limit, toProviderResponse);
  }

  async getProvider(orgId: string, id: string): Promise<ProviderResponseDto> {
    return toProviderResponse(await this.load(orgId, id));
  }

  async updateProvider(
    orgId: string,
    id: string,
    input: UpdateProviderRequestDto,
  ): Promise<ProviderResponseDto> {
    const existing = await this.load(orgId, id);
    const { clientSecret, ...fields } = input;
    const moved = movedUrls(existing, input);
    if (moved.length > 0 && clientSecret === undefined) throw new ProviderSecretRequiredError(moved);
    const patch: Partial<ProviderRow> = { ...fields };
    if (clientSecret !== undefined) {
      patch.clientSecretEncrypted = this.keyring.encrypt(clientSecret, clientSecretAt(existing.id));
    }
    assertComplete({ ...existing, ...patch });
    try {
      if (!(await this.providers.updateForOrg(orgId, id, patch))) throw new ProviderNotFoundError();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ProviderKeyTakenError(input.key ?? existing.key);
      throw error;
    }
    this.channel.announce(`provider:${id}`);
    return this.getProvider(orgId, id);
  }

  /** Deleting an OAuth app deletes its connections; users of those connections hear about it. */
  async deleteProvider(orgId: string, id: string): Promise<void> {
    await this.transactions.run(async (manager, afterCommit) => {
      const connectionIds = await this.connections.deleteForProvider(orgId, id, manager);
      if (!(await this.providers.deleteForOrg(orgId, id, manager))) throw new ProviderNotFoundError();
      for (const connectionId of connectionIds) {
        afterCommit(() =>
          this.eventBus.publish(CREDENTIAL_INVALIDATED, { orgId, connectionId, reason: 'provider_deleted' }),
        );
      }
    });
    this.channel.announce(`provider:${id}`);
  }

  private async load(orgId: string, id: string): Promise<ProviderEntity> {
    const provider = await this.providers.findForOrg(orgId, id);
    if (!provider) throw new ProviderNotFoundError();
    return provider;
  }
}

const clientSecretAt = (providerId: string) => secretAt(ENCRYPTED_COLUMNS.providerClientSecret, providerId);

/** The URLs that receive the client secret, refresh tokens or access tokens. */
const SECRET_BEARING_URLS = ['authorizeUrl', 'tokenUrl', 'apiBaseUrl'] as const;

/** Which of those a PATCH points somewhere else (repeating the current value changes nothing). */
function movedUrls(existing: ProviderEntity, input: UpdateProviderRequestDto): string[] {
  return SECRET_BEARING_URLS.filter(
    (field) => input[field] !== undefined && input[field] !== existing[field],
  );
}

function assertComplete(provider: Pick<ProviderRow, 'grantType' | 'authorizeUrl'>): void {
  if (provider.grantType === 'authorization_code' && !provider.authorizeUrl) {
    throw new RequestInvalidError('authorizeUrl is required for grantType authorization_code');
  }
}
