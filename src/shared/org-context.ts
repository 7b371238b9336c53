import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';

const ORG_ID = 'orgId';
const PRINCIPAL = 'principal';

export type Principal = { kind: 'operator' } | { kind: 'org'; orgId: string; apiKeyId: string };

/**
 * The org a request (or a proxied call) acts for, held in nestjs-cls so every layer below the guard
 * sees the same value. It is not the tenant wall: every repository statement on tenant data takes the
 * org id as a parameter, so another org's row is simply not found.
 */
@Injectable()
export class OrgContext {
  constructor(private readonly cls: ClsService) {}

  setPrincipal(principal: Principal): void {
    this.cls.set(PRINCIPAL, principal);
  }

  principal(): Principal | undefined {
    return this.cls.isActive() ? this.cls.get<Principal>(PRINCIPAL) : undefined;
  }

  setOrg(orgId: string): void {
    this.cls.set(ORG_ID, orgId);
  }

  currentOrgId(): string | undefined {
    return this.cls.isActive() ? this.cls.get<string>(ORG_ID) : undefined;
  }

  /** Runs `work` with `orgId` as the context org, in a fresh context (used outside HTTP requests). */
  runAs<T>(orgId: string, work: () => Promise<T>): Promise<T> {
    return this.cls.run(async () => {
      this.cls.set(ORG_ID, orgId);
      return work();
    });
  }
}
