import { Injectable } from '@nestjs/common';
import { Principal, RequestContext, RequestScope } from './request-context';

export type { Principal } from './request-context';

/**
 * The org a request (or a proxied call) acts for, held in the request's scope so every layer below
 * the guard sees the same value. It is not the tenant wall: every repository statement on tenant
 * data takes the org id as a parameter, so another org's row is simply not found.
 */
@Injectable()
export class OrgContext {
  constructor(private readonly context: RequestContext) {}

  setPrincipal(principal: Principal): void {
    this.scope('principal').principal = principal;
  }

  principal(): Principal | undefined {
    return this.context.current()?.principal;
  }

  setOrg(orgId: string): void {
    this.scope('orgId').orgId = orgId;
  }

  currentOrgId(): string | undefined {
    return this.context.current()?.orgId;
  }

  /**
   * Runs `work` with `orgId` as the context org, in a scope of its own that starts as a copy of the
   * current one (a request's id stays; outside a request there is none).
   */
  runAs<T>(orgId: string, work: () => Promise<T>): Promise<T> {
    return this.context.run({ ...this.context.current(), orgId }, work);
  }

  /** The current scope; setting a value outside any is a bug (nothing below would see it). */
  private scope(key: string): RequestScope {
    const scope = this.context.current();
    if (!scope) throw new Error(`Cannot set ${key}: no request scope is active`);
    return scope;
  }
}
