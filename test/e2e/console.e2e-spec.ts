import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import {
  hasChromium,
  HeadlessChromium,
  launchChromium,
  screenshot,
  warnChromiumMissing,
} from '../support/browser';
import { seedOrg, SeededOrg } from '../support/seed';

const BUILT_INDEX = path.resolve(__dirname, '..', '..', 'dist', 'console', 'index.html');
const describeInChromium = hasChromium() ? describe : describe.skip;
if (!hasChromium()) warnChromiumMissing('test/e2e/console.e2e-spec.ts (operator console in a real browser)');

/** The org ids every /v1/orgs/:orgId call of the page went to. */
function recordOrgCalls(page: Page): Set<string> {
  const orgIds = new Set<string>();
  page.on('request', (request) => {
    const match = /\/v1\/orgs\/([0-9a-f-]{36})/.exec(new URL(request.url()).pathname);
    if (match) orgIds.add(match[1]);
  });
  return orgIds;
}

describeInChromium('operator console in headless Chromium', () => {
  let t: TestApp;
  let chromium: HeadlessChromium;
  let orgA: SeededOrg;
  let orgB: SeededOrg;

  beforeAll(async () => {
    if (!fs.existsSync(BUILT_INDEX)) throw new Error('dist/console is missing: run `npm run build` first');
    t = await startApp();
    chromium = await launchChromium();
    orgA = await seedOrg(t.baseUrl, `Org A ${Date.now()}`);
    orgB = await seedOrg(t.baseUrl, `Org B ${Date.now()}`);
  });
  afterAll(async () => {
    await chromium?.close();
    await t?.close();
  });

  async function signIn(page: Page, key: string, orgId?: string): Promise<void> {
    await page.goto(`${t.baseUrl}/console/`);
    await page.getByLabel('API key').fill(key);
    if (orgId) await page.getByLabel(/^Org id/).fill(orgId);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function openSection(page: Page, name: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  }

  it('signs in with an org key and its org id, keeps the key in sessionStorage only, and shows every page', async () => {
    const page = await chromium.newPage();
    const orgCalls = recordOrgCalls(page);
    await signIn(page, orgA.key, orgA.id);
    await page.getByTestId('org-name').filter({ hasText: orgA.name }).waitFor();
    await page.getByTestId('readiness').filter({ hasText: 'Ready' }).waitFor();

    // Browser-side expressions as strings: the server's tsconfig has no DOM types.
    const storage = await page.evaluate<{ session: string; local: number; cookie: string }>(`({
      session: window.sessionStorage.getItem('plugboard.console.session') ?? '',
      local: window.localStorage.length,
      cookie: document.cookie,
    })`);
    expect(storage.session).toContain(orgA.key);
    expect(storage.local).toBe(0);
    expect(storage.cookie).toBe('');
    expect(page.url()).not.toContain(orgA.key);

    for (const section of ['Connections', 'Integrations', 'Deliveries', 'Interactions']) {
      await openSection(page, section);
      await page.waitForLoadState('networkidle');
      await screenshot(page, `console-${section.toLowerCase()}`);
    }
    expect([...orgCalls]).toEqual([orgA.id]);
    await page.close();
  }, 45_000);

  it('shows an API error with its message and request id when the key is wrong', async () => {
    const page = await chromium.newPage();
    await signIn(page, 'pbk_not-a-real-key', orgA.id);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain('Sign-in failed');
    expect(text).toContain('AUTH.UNAUTHENTICATED');
    expect(text).toMatch(/request id \S+/);
    await screenshot(page, 'console-sign-in-error');
    await page.close();
  }, 30_000);

  it("refuses org B's key for org A and, signed in as B, never calls or shows org A", async () => {
    const page = await chromium.newPage();
    const orgCalls = recordOrgCalls(page);
    await signIn(page, orgB.key, orgA.id);
    await page.getByRole('alert').filter({ hasText: 'does not belong to that org' }).waitFor();
    expect(await page.evaluate<number>('window.sessionStorage.length')).toBe(0);

    await page.getByLabel(/^Org id/).fill(orgB.id);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('org-name').filter({ hasText: orgB.name }).waitFor();
    for (const section of ['Connections', 'Integrations', 'Deliveries', 'Interactions']) {
      await openSection(page, section);
      await page.waitForLoadState('networkidle');
      expect(await page.content()).not.toContain(orgA.name);
    }
    // The only call that named org A was the refused sign-in check.
    expect([...orgCalls].sort()).toEqual([orgA.id, orgB.id].sort());
    await page.close();
  }, 45_000);

  it('lets the operator pick and switch org, and every call follows the picked org', async () => {
    const page = await chromium.newPage();
    await signIn(page, TEST_ADMIN_KEY);
    const switcher = page.getByTestId('org-switcher');
    await switcher.locator(`option[value="${orgB.id}"]`).waitFor({ state: 'attached' });

    const orgCalls = recordOrgCalls(page);
    await switcher.selectOption(orgA.id);
    await openSection(page, 'Deliveries');
    await page.waitForLoadState('networkidle');
    expect(orgCalls.has(orgA.id)).toBe(true);

    const switched = page.waitForResponse((response) =>
      response.url().includes(`/v1/orgs/${orgB.id}/ingress/deliveries`),
    );
    await switcher.selectOption(orgB.id);
    await switched;
    orgCalls.clear();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Deliveries' }).waitFor();
    await page.waitForLoadState('networkidle');
    // The pick survives a reload (it is part of the tab's session) and nothing asks for org A again.
    expect([...orgCalls]).toEqual([orgB.id]);
    expect(await switcher.inputValue()).toBe(orgB.id);
    await screenshot(page, 'console-operator-switch-org');
    await page.close();
  }, 45_000);

  it('signs out: the key leaves sessionStorage and the sign-in form is back', async () => {
    const page = await chromium.newPage();
    await signIn(page, orgA.key, orgA.id);
    await page.getByTestId('org-name').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate<number>('window.sessionStorage.length')).toBe(0);
    await page.reload();
    await page.getByLabel('API key').waitFor();
    await page.close();
  }, 30_000);

  it('fits a phone screen: sections stay reachable and nothing scrolls sideways', async () => {
    const page = await chromium.newPage({ width: 390, height: 844 });
    await signIn(page, orgA.key, orgA.id);
    await openSection(page, 'Deliveries');
    await page.waitForLoadState('networkidle');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'console-phone-deliveries');
    await page.close();
  }, 30_000);
});
