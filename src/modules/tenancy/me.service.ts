import { Injectable } from '@nestjs/common';
import { UnauthenticatedError } from '../../shared/errors';
import { OrgContext } from '../../shared/org-context';
import { MeResponseDto } from './dto/me.response.dto';

/** Who the presented key belongs to, as the auth guard resolved it for this request. */
@Injectable()
export class MeService {
  constructor(private readonly orgContext: OrgContext) {}

  describeCaller(): MeResponseDto {
    const principal = this.orgContext.principal();
    // The guard resolves a principal on every non-public route; none means the route was misdeclared.
    if (!principal) throw new UnauthenticatedError();
    if (principal.kind === 'operator') return { type: 'operator' };
    return { type: 'org', orgId: principal.orgId, keyId: principal.apiKeyId };
  }
}
