import { Injectable } from '@nestjs/common';
import { ChangeChannel } from '../../database';
import { ChangeCache } from '../../shared/change-cache';
import { Page, pageSize, ListQueryDto, toPage } from '../../shared/pagination';
import { generateToken, hashToken } from '../../shared/secure-token';
import { ApiKeysRepository } from './api-keys.repository';
import { CreatedApiKeyResponseDto } from './dto/api-key.response.dto';
import { OrgResponseDto, toOrgResponse } from './dto/org.response.dto';
import { OrganizationsRepository } from './organizations.repository';
import { ApiKeyNotFoundError, OrgNotFoundError } from './tenancy.errors';

export const ORG_KEY_PREFIX = 'pbk_';

export interface OrgKeyPrincipal {
  orgId: string;
  apiKeyId: string;
}

@Injectable()
export class OrganizationsService {
  /** Every /v1 request resolves its key: by key hash, kept true by the change channel. */
  private readonly orgKeys: ChangeCache<OrgKeyPrincipal | null>;
  /** The operator's org routes check that the org exists; orgs are created and deleted rarely. */
  private readonly existingOrgs: ChangeCache<boolean>;

  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly apiKeys: ApiKeysRepository,
    private readonly channel: ChangeChannel,
  ) {
    this.orgKeys = new ChangeCache<OrgKeyPrincipal | null>(channel, {
      topics: ['apiKey', 'org'],
      // unknown keys are not remembered: guessing must not fill the cache
      keeps: (principal) => principal !== null,
      tagsOf: (principal) => (principal ? [`apiKey:${principal.apiKeyId}`, `org:${principal.orgId}`] : []),
    });
    this.existingOrgs = new ChangeCache<boolean>(channel, {
      topics: ['org'],
      tagsOf: (exists, orgId) => [exists ? `org:${orgId}` : 'org:*'],
    });
  }

  async createOrg(name: string): Promise<OrgResponseDto> {
    return toOrgResponse(await this.organizations.create(name));
  }

  async getOrg(orgId: string): Promise<OrgResponseDto> {
    const org = await this.organizations.findById(orgId);
    if (!org) throw new OrgNotFoundError();
    return toOrgResponse(org);
  }

  async listOrgs(query: ListQueryDto): Promise<Page<OrgResponseDto>> {
    const limit = pageSize(query);
    return toPage(await this.organizations.listPage(limit, query.cursor), limit, toOrgResponse);
  }

  orgExists(orgId: string): Promise<boolean> {
    return this.existingOrgs.get(orgId, () => this.organizations.exists(orgId));
  }

  async createApiKey(orgId: string, name: string | undefined): Promise<CreatedApiKeyResponseDto> {
    if (!(await this.organizations.exists(orgId))) throw new OrgNotFoundError();
    const key = generateToken(ORG_KEY_PREFIX);
    const row = await this.apiKeys.insert(orgId, {
      name: name ?? null,
      keyHash: hashToken(key),
      keyPrefix: key.slice(0, 8),
    });
    return { id: row.id, key, name: row.name, createdAt: row.createdAt.toISOString() };
  }

  async deleteApiKey(orgId: string, id: string): Promise<void> {
    if (!(await this.apiKeys.deleteForOrg(orgId, id))) throw new ApiKeyNotFoundError();
    this.channel.announce(`apiKey:${id}`);
  }

  /** The org an org API key belongs to, or null for an unknown key. */
  async resolveOrgKey(key: string): Promise<OrgKeyPrincipal | null> {
    if (!key.startsWith(ORG_KEY_PREFIX)) return null;
    const keyHash = hashToken(key);
    return this.orgKeys.get(keyHash, async () => {
      const row = await this.apiKeys.findByHash(keyHash);
      return row ? { orgId: row.organizationId, apiKeyId: row.id } : null;
    });
  }
}
