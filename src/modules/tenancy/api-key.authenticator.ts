import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config';
import { UnauthenticatedError } from '../../shared/errors';
import { Principal } from '../../shared/org-context';
import { constantTimeEqual } from '../../shared/secure-token';
import { isUuid } from '../../shared/validation';
import { OrganizationsService } from './organizations.service';
import { OrgNotFoundError } from './tenancy.errors';

/**
 * Who an API key is, and which org of a route it may see. Used by the one auth guard and by the
 * routes taken before Fastify, so both answer alike: operator key → every org; org key → only its
 * own org, where any other org answers 404 exactly like a missing one (no existence oracle).
 */
@Injectable()
export class ApiKeyAuthenticator {
  constructor(
    private readonly config: AppConfig,
    private readonly organizations: OrganizationsService,
  ) {}

  /** The principal the `Authorization: Bearer …` header names; 401 otherwise. */
  async principalOf(header: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match) throw new UnauthenticatedError();
    const key = match[1];
    const adminKey = this.config.auth.adminApiKey;
    if (adminKey && constantTimeEqual(key, adminKey)) return { kind: 'operator' };
    const org = await this.organizations.resolveOrgKey(key);
    if (!org) throw new UnauthenticatedError();
    return { kind: 'org', ...org };
  }

  /** The route's org id (lower-cased) when the principal may see it; 404 when it may not or it does not exist. */
  async visibleOrg(principal: Principal, orgId: string): Promise<string> {
    if (!isUuid(orgId)) throw new OrgNotFoundError();
    const id = orgId.toLowerCase();
    if (principal.kind === 'org' && principal.orgId !== id) throw new OrgNotFoundError();
    if (principal.kind === 'operator' && !(await this.organizations.orgExists(orgId)))
      throw new OrgNotFoundError();
    return id;
  }
}
