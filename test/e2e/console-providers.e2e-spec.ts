import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startApp, TestApp } from '../support/app';
import {
  hasChromium,
  HeadlessChromium,
  launchChromium,
  openConsoleSection,
  screenshot,
  signInToConsole,
  warnChromiumMissing,
} from '../support/browser';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import { McpTestServer } from '../support/mcp-server';
import { registerSecret } from '../support/secrets-audit';
import { seedOrg } from '../support/seed';
import { openStored } from '../support/stored-secrets';

const BUILT_INDEX = path.resolve(__dirname, '..', '..', 'dist', 'console', 'index.html');
const describeInChromium = hasChromium() ? describe : describe.skip;
if (!hasChromium())
  warnChromiumMissing('test/e2e/console-providers.e2e-spec.ts (providers from the catalog in a browser)');

describeInChromium('console: a provider from the catalog or an MCP server in a few fields', () => {
  let t: TestApp;
  let chromium: HeadlessChromium;
  let mcp: McpTestServer;

  beforeAll(async () => {
    if (!fs.existsSync(BUILT_INDEX)) throw new Error('dist/console is missing: run `npm run build` first');
    mcp = await McpTestServer.start();
    t = await startApp();
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await t?.close();
    await mcp?.close();
    await closeSql();
  });

  it('creates a provider from a catalog template with a client id and secret; the template fills the rest', async () => {
    const org = await seedOrg(t.baseUrl);
    const catalog = await http(t.baseUrl, 'GET', '/v1/catalog/providers', { key: org.key });
    const notion = catalog.body.items.find((item: { template: string }) => item.template === 'notion');
    const page = await chromium.newPage();
    await signInToConsole(page, t.baseUrl, org.key);
    await openConsoleSection(page, 'Providers');
    await page.getByRole('button', { name: 'New provider' }).click();
    const form = page.getByRole('form', { name: 'New provider' });
    await form.getByLabel('Template').selectOption({ label: 'Notion' });
    // the manual fields are gone; what the template fills is shown instead
    expect(await form.getByLabel('Token URL').count()).toBe(0);
    const summary = form.locator('.template-summary[data-template="notion"]');
    expect(await summary.innerText()).toContain(notion.tokenUrl);
    expect(await form.getByLabel('Key', { exact: true }).inputValue()).toBe('notion');
    const clientSecret = `console-catalog-secret-${randomUUID()}`;
    registerSecret(clientSecret);
    await form.getByLabel('Client ID').fill('notion-client-id');
    await form.getByLabel('Client secret').fill(clientSecret);
    await form.getByRole('button', { name: 'Create provider' }).click();
    await page.getByRole('status').filter({ hasText: 'Provider notion created' }).waitFor();
    await page
      .locator('tr[data-provider-key="notion"]')
      .getByText('notion', { exact: true })
      .first()
      .waitFor();
    expect(await page.content()).not.toContain(clientSecret);

    const listed = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/providers`, { key: org.key });
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        key: 'notion',
        template: 'notion',
        clientId: 'notion-client-id',
        tokenUrl: notion.tokenUrl,
        authorizeUrl: notion.authorizeUrl,
        tokenAuthMethod: notion.tokenAuthMethod,
        apiBaseUrl: notion.apiBaseUrl,
      }),
    ]);
    const [row] = await sql(
      `SELECT id, client_secret_encrypted FROM oauth_providers WHERE organization_id = $1`,
      [org.id],
    );
    expect(openStored(row.client_secret_encrypted, 'providerClientSecret', row.id)).toBe(clientSecret);
    await screenshot(page, 'console-provider-from-catalog');
    await page.close();
  }, 45_000);

  it('creates a remote MCP server provider from its URL alone (discovered and registered)', async () => {
    const org = await seedOrg(t.baseUrl);
    const page = await chromium.newPage();
    await signInToConsole(page, t.baseUrl, org.key);
    await openConsoleSection(page, 'Providers');
    await page.getByRole('button', { name: 'New provider' }).click();
    const form = page.getByRole('form', { name: 'New provider' });
    await form.getByLabel('Template').selectOption({ label: 'Remote MCP server' });
    expect(await form.getByLabel('Client ID').count()).toBe(0);
    await form.getByLabel('Key', { exact: true }).fill('tools');
    await form.getByLabel('MCP server URL').fill(mcp.url);
    await form.getByRole('button', { name: 'Create provider' }).click();
    await page.getByRole('status').filter({ hasText: 'Provider tools created' }).waitFor();
    expect(mcp.registrations).toHaveLength(1);
    const listed = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/providers`, { key: org.key });
    expect(listed.body.items).toEqual([
      expect.objectContaining({ key: 'tools', template: 'mcp', apiBaseUrl: mcp.url, usePkce: true }),
    ]);
    await page.close();
  }, 45_000);

  it('refuses a key that is not a slug before anything is sent, and creates nothing', async () => {
    const org = await seedOrg(t.baseUrl);
    const page = await chromium.newPage();
    await signInToConsole(page, t.baseUrl, org.key);
    await openConsoleSection(page, 'Providers');
    await page.getByRole('button', { name: 'New provider' }).click();
    const form = page.getByRole('form', { name: 'New provider' });
    await form.getByLabel('Template').selectOption({ label: 'Shopify' });
    await form.getByLabel('Client ID').fill('shopify-client');
    await form.getByLabel('Key', { exact: true }).fill('Not A Slug');
    // the browser's own check stops a key that is not a slug before anything is sent
    await form.getByRole('button', { name: 'Create provider' }).click();
    expect(
      await form
        .getByLabel('Key', { exact: true })
        .evaluate((el) => (el as unknown as { validity: { valid: boolean } }).validity.valid),
    ).toBe(false);
    const listed = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/providers`, { key: org.key });
    expect(listed.body.items).toEqual([]);
    await page.close();
  }, 45_000);
});
