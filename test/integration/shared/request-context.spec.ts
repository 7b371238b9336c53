import { APP_GUARD, APP_INTERCEPTOR, ModulesContainer } from '@nestjs/core';
import { startApp, TestApp } from '../../support/app';
import { closeSql } from '../../support/db';
import { http } from '../../support/http';
import { seedOrg } from '../../support/seed';
import { OrgContext } from '../../../src/shared/org-context';

/** Every global enhancer of one kind the app registers (Nest names them `APP_… (UUID: …)`). */
function globalEnhancers(t: TestApp, kind: string): string[] {
  return [...t.app.get(ModulesContainer).values()].flatMap((module) =>
    [...module.providers.keys()].map(String).filter((token) => token.startsWith(kind)),
  );
}

describe('the request scope (one AsyncLocalStorage, no global interceptor)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
    await closeSql();
  });

  it('registers no global interceptor and only the API-key guard, so a Nest request skips rxjs and AsyncResource.bind', () => {
    expect(globalEnhancers(t, APP_INTERCEPTOR)).toEqual([]);
    expect(globalEnhancers(t, APP_GUARD)).toHaveLength(1);
  });

  it('gives each of many concurrent requests its own scope: every key is answered with its own org', async () => {
    const [orgA, orgB] = [await seedOrg(t.baseUrl), await seedOrg(t.baseUrl)];
    const calls = Array.from({ length: 40 }, (_, i) => (i % 2 ? orgB : orgA));
    const answers = await Promise.all(calls.map((org) => http(t.baseUrl, 'GET', '/v1/me', { key: org.key })));
    expect(answers.map((answer) => answer.body.orgId)).toEqual(calls.map((org) => org.id));
  });

  it('runs work for an org in a scope of its own that keeps the surrounding request’s values', async () => {
    const orgs = t.app.get(OrgContext);
    expect(orgs.currentOrgId()).toBeUndefined();
    expect(() => orgs.setOrg('nowhere')).toThrow(/no request scope/);
    const seen = await orgs.runAs('org-a', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      const outer = orgs.currentOrgId();
      const inner = await orgs.runAs('org-b', async () => orgs.currentOrgId());
      return { outer, inner, after: orgs.currentOrgId() };
    });
    expect(seen).toEqual({ outer: 'org-a', inner: 'org-b', after: 'org-a' });
    expect(orgs.currentOrgId()).toBeUndefined();
  });
});
