import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
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
import { FakeSlack } from '../support/fake-slack';
import { FakeTokenEndpoint, startFakeTokenEndpoint } from '../support/fake-token-endpoint';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { acceptWebhook, pull } from '../support/pull';
import { seedIntegration, seedOrg } from '../support/seed';
import { registerSecret } from '../support/secrets-audit';
import { waitUntil } from '../support/wait-until';
import { openStored } from '../support/stored-secrets';
import { WebhookReceiver } from '../support/webhook-receiver';

const BUILT_INDEX = path.resolve(__dirname, '..', '..', 'dist', 'console', 'index.html');
const describeInChromium = hasChromium() ? describe : describe.skip;
if (!hasChromium())
  warnChromiumMissing('test/e2e/console-create.e2e-spec.ts (console create flows in a browser)');

const ONCE = 'you will not see this again';

describeInChromium('console: creating what every create used to need curl for', () => {
  let t: TestApp;
  let chromium: HeadlessChromium;
  let receiver: WebhookReceiver;
  let slack: FakeSlack;
  let tokenEndpoint: FakeTokenEndpoint;

  beforeAll(async () => {
    if (!fs.existsSync(BUILT_INDEX)) throw new Error('dist/console is missing: run `npm run build` first');
    receiver = await WebhookReceiver.start();
    slack = await new FakeSlack().start();
    tokenEndpoint = await startFakeTokenEndpoint();
    t = await startApp();
    chromium = await launchChromium();
    await chromium.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
  });
  afterAll(async () => {
    await chromium?.close();
    await t?.close();
    await receiver?.close();
    await slack?.stop();
    await tokenEndpoint?.close();
    await closeSql();
  });

  const signIn = (page: Page, key: string) => signInToConsole(page, t.baseUrl, key);
  const openSection = openConsoleSection;

  /** The one-time secret panel: its values, after checking it says they are shown once. */
  async function shownOnce(page: Page): Promise<Record<string, string>> {
    const panel = page.getByTestId('secret-once');
    await panel.waitFor();
    expect((await panel.innerText()).toLowerCase()).toContain(ONCE);
    const values: Record<string, string> = {};
    for (const code of await panel.locator('code[data-secret]').all()) {
      values[(await code.getAttribute('data-secret'))!] = await code.innerText();
    }
    return values;
  }

  /** Dismissed and reloaded, the page shows the secret nowhere. */
  async function goneAfterDismiss(page: Page, secret: string): Promise<void> {
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByTestId('secret-once').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await page.waitForLoadState('networkidle');
    expect(await page.content()).not.toContain(secret);
  }

  it('creates a provider by hand; its client secret is never shown back', async () => {
    const org = await seedOrg(t.baseUrl);
    const page = await chromium.newPage();
    await signIn(page, org.key);
    await openSection(page, 'Providers');
    await page.locator('.empty').waitFor();
    await page.getByRole('button', { name: 'New provider' }).click();
    const form = page.getByRole('form', { name: 'New provider' });
    const clientSecret = `console-client-secret-${randomUUID()}`;
    registerSecret(clientSecret);
    await form.getByLabel('Key', { exact: true }).fill('slack');
    await form.getByLabel('Authorize URL').fill('https://slack.com/oauth/v2/authorize');
    await form.getByLabel('Token URL').fill(tokenEndpoint.url);
    await form.getByLabel('Client ID').fill('1234.5678');
    await form.getByLabel('Client secret').fill(clientSecret);
    await form.getByLabel('Scopes').fill('chat:write, channels:read');
    await form.getByLabel('API base URL').fill(slack.apiBaseUrl);
    await form.getByLabel('Error style').selectOption('slack');
    await form.getByRole('button', { name: 'Create provider' }).click();
    await page.getByRole('status').filter({ hasText: 'Provider slack created' }).waitFor();
    await page.locator('tr[data-provider-key="slack"]').waitFor();
    expect(await page.content()).not.toContain(clientSecret);
    const listed = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/providers`, { key: org.key });
    expect(listed.body.items).toEqual([
      expect.objectContaining({ key: 'slack', scopes: ['chat:write', 'channels:read'], errorStyle: 'slack' }),
    ]);
    const [row] = await sql(
      `SELECT id, client_secret_encrypted FROM oauth_providers WHERE organization_id = $1`,
      [org.id],
    );
    expect(openStored(row.client_secret_encrypted, 'providerClientSecret', row.id)).toBe(clientSecret);
    await screenshot(page, 'console-provider-created');
    await page.close();
  }, 45_000);

  it('creates a push integration and shows its delivery secret and ingress URL once, with copy buttons', async () => {
    const org = await seedOrg(t.baseUrl);
    const page = await chromium.newPage();
    await signIn(page, org.key);
    await openSection(page, 'Integrations');
    await page.getByRole('button', { name: 'New integration' }).click();
    const form = page.getByRole('form', { name: 'New integration' });
    const receiverPath = `console-${randomUUID().slice(0, 8)}`;
    await form.getByLabel('Name', { exact: true }).fill('Repo events');
    await form.getByLabel('Plugin').fill('github');
    await form.getByLabel('Ingress scheme').selectOption('none');
    await form.getByLabel('Delivery URL').fill(receiver.url(receiverPath));
    await form.getByRole('button', { name: 'Create integration' }).click();

    const shown = await shownOnce(page);
    const deliverySecret = shown['Delivery secret'];
    expect(deliverySecret).toMatch(/^whsec_/);
    registerSecret(deliverySecret);
    const [created] = (await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/integrations`, { key: org.key })).body
      .items;
    // the server's own ingress URL (on PUBLIC_URL) with the route filled in
    expect(shown['Ingress URL']).toBe(created.ingress.url.replace(/:route$/, 'events'));
    await page.getByRole('button', { name: 'Copy Delivery secret', exact: true }).click();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(deliverySecret);
    await page.getByRole('button', { name: 'Copy Ingress URL', exact: true }).click();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(shown['Ingress URL']);
    await screenshot(page, 'console-integration-created');

    // the shown secret is the one deliveries are signed with, and the URL is the one that takes webhooks
    receiver.setSecret(receiverPath, deliverySecret);
    const accepted = await http(t.baseUrl, 'POST', new URL(shown['Ingress URL']).pathname, {
      body: { action: 'opened' },
    });
    expect(accepted.status).toBe(202);
    await receiver.waitFor(() => receiver.forPath(receiverPath).length === 1);
    expect(receiver.forPath(receiverPath)[0].verified).toBe(true);
    await goneAfterDismiss(page, deliverySecret);
    const row = page.locator('tr[data-integration-id]').filter({ hasText: 'Repo events' });
    await row.getByRole('button', { name: /^Rotate the delivery secret/ }).click();
    const rotated = (await shownOnce(page))['Delivery secret'];
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(deliverySecret);
    registerSecret(rotated);
    expect(await page.getByTestId('secret-once').innerText()).toContain('signed by the old secret too');
    await goneAfterDismiss(page, rotated);
    await page.close();
  }, 45_000);

  it('creates an agent, issues it a worker token and a placeholder (each shown once), and a pull integration it may pull', async () => {
    const org = await seedOrg(t.baseUrl);
    const provider = await createProvider(t.baseUrl, org, {
      tokenUrl: tokenEndpoint.url,
      apiBaseUrl: slack.apiBaseUrl,
    });
    const connection = await importConnection(t.baseUrl, org, provider.key, {
      accessToken: `xoxb-${randomUUID()}`,
    });
    const page = await chromium.newPage();
    await signIn(page, org.key);
    await openSection(page, 'Agents');
    await page.getByLabel('Agent name').fill('sandboxed-support-bot');
    await page.getByRole('button', { name: 'Create agent' }).click();
    await page.getByRole('status').filter({ hasText: 'Agent sandboxed-support-bot created' }).waitFor();
    const agentRow = page.locator('tr[data-agent-id]').filter({ hasText: 'sandboxed-support-bot' });
    const agentId = (await agentRow.getAttribute('data-agent-id'))!;

    await agentRow.getByRole('button', { name: /^Issue a worker token/ }).click();
    await page.getByRole('form', { name: 'New worker token' }).getByLabel('Lifetime (seconds)').fill('600');
    await page.getByRole('button', { name: 'Issue worker token' }).click();
    const token = (await shownOnce(page))['Worker token'];
    expect(token).toMatch(/^pbw_/);
    registerSecret(token);
    await page.getByRole('button', { name: 'Copy Worker token' }).click();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(token);
    await screenshot(page, 'console-worker-token');
    await goneAfterDismiss(page, token);

    await page
      .locator(`tr[data-agent-id="${agentId}"]`)
      .getByRole('button', { name: /^Create a placeholder/ })
      .click();
    const placeholderForm = page.getByRole('form', { name: 'New placeholder' });
    await placeholderForm.getByLabel('Connection').selectOption(connection.id);
    await placeholderForm.getByRole('button', { name: 'Create placeholder' }).click();
    const placeholder = (await shownOnce(page)).Placeholder;
    expect(placeholder).toMatch(/^pb_secret_/);
    registerSecret(placeholder);
    await goneAfterDismiss(page, placeholder);
    // both work: the placeholder resolves through the proxy for this worker token
    const proxied = await http(t.baseUrl, 'POST', `/proxy/${provider.key}/chat.postMessage`, {
      headers: { 'proxy-authorization': `Bearer ${token}`, authorization: `Bearer ${placeholder}` },
      body: { channel: 'C1', text: 'hi' },
    });
    expect(proxied.status).toBe(200);

    // a pull-mode integration listing the agent: its worker token pulls
    await openSection(page, 'Integrations');
    await page.getByRole('button', { name: 'New integration' }).click();
    const form = page.getByRole('form', { name: 'New integration' });
    await form.getByLabel('Name', { exact: true }).fill('Sandbox inbox');
    await form.getByLabel('Plugin').fill('generic');
    await form.getByLabel('Ingress scheme').selectOption('none');
    await form.getByLabel('Delivery mode').selectOption('pull');
    await form.getByLabel('sandboxed-support-bot').check();
    await form.getByRole('button', { name: 'Create integration' }).click();
    const shown = await shownOnce(page);
    registerSecret(shown['Delivery secret']);
    expect(await page.getByTestId('secret-once').innerText()).toContain('Pull mode');
    const integrationId = (
      await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/integrations`, { key: org.key })
    ).body.items.find((integration: { name: string }) => integration.name === 'Sandbox inbox').id;
    const id = await acceptWebhook(t.baseUrl, new URL(shown['Ingress URL']).pathname, { to: 'the sandbox' });
    const pulled = await pull(t.baseUrl, org.id, integrationId, token);
    expect(pulled.body.items.map((item) => item.deliveryId)).toEqual([id]);
    await page.close();
  }, 60_000);

  it('creates an API key with the operator key (shown once, and it signs in); an org key is told it cannot', async () => {
    const org = await seedOrg(t.baseUrl, `Umbrella ${Date.now().toString(36)}`);
    const page = await chromium.newPage();
    await signIn(page, TEST_ADMIN_KEY);
    await page.getByTestId('org-switcher').selectOption(org.id);
    await openSection(page, 'API keys');
    await page.getByLabel('Key name').fill('console-made');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const key = (await shownOnce(page))['API key'];
    expect(key).toMatch(/^pbk_/);
    registerSecret(key);
    await goneAfterDismiss(page, key);

    const orgPage = await chromium.newPage();
    await signIn(orgPage, key);
    await orgPage.getByTestId('org-name').filter({ hasText: org.name }).waitFor();
    await openSection(orgPage, 'API keys');
    await orgPage.getByText('API keys are created with the operator key').waitFor();
    expect(await orgPage.getByRole('button', { name: 'Create API key' }).count()).toBe(0);

    // the operator creates an org from the same page; the header switches to it
    const orgName = `Console-made ${randomUUID().slice(0, 6)}`;
    await page.getByLabel('Org name').fill(orgName);
    await page.getByRole('button', { name: 'Create org' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Org ${orgName} created` })
      .waitFor();
    const orgs = await http(t.baseUrl, 'GET', '/v1/orgs?limit=500', { key: TEST_ADMIN_KEY });
    const madeId = orgs.body.items.find((item: { name: string }) => item.name === orgName).id;
    const picked = await waitUntil(
      () => page.getByTestId('org-switcher').inputValue(),
      (value) => value === madeId,
    );
    expect(picked).toBe(madeId);
    await page.close();
    await orgPage.close();
  }, 45_000);

  it('shows the interactions page: pending and answered questions with their answer, filtered by status', async () => {
    const org = await seedOrg(t.baseUrl);
    const provider = await createProvider(t.baseUrl, org, {
      tokenUrl: tokenEndpoint.url,
      apiBaseUrl: slack.apiBaseUrl,
      errorStyle: 'slack',
    });
    const connection = await importConnection(t.baseUrl, org, provider.key, {
      accessToken: `xoxb-${randomUUID()}`,
      refreshToken: `xoxe-${randomUUID()}`,
      expiresIn: 3600,
    });
    const integration = await seedIntegration(t.baseUrl, org, {
      plugin: 'slack',
      connectionIds: [connection.id],
      ingress: { scheme: 'slack', secret: `slack-signing-${randomUUID()}` },
      deliveryUrl: receiver.url('interactions'),
    });
    const ask = (id: string, question: string) =>
      http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/interactions`, {
        key: org.key,
        body: {
          id,
          integrationId: integration.id,
          connectionId: connection.id,
          expectedUserId: 'U_ALICE',
          channel: 'C_REFUNDS',
          question,
          options: ['Yes', 'No'],
        },
      });
    expect((await ask('refund-1182', 'Refund order 1182 for 40 €?')).status).toBe(201);
    expect((await ask('refund-1183', 'Refund order 1183 for 12 €?')).status).toBe(201);
    const answered = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/interactions/refund-1182/answer`, {
      key: org.key,
      body: { connectionId: connection.id, userId: 'U_ALICE', answer: 'Yes' },
    });
    expect(answered.status).toBe(200);

    const page = await chromium.newPage();
    await signIn(page, org.key);
    await openSection(page, 'Interactions');
    const first = page.locator('tr[data-interaction-id="refund-1182"]');
    const second = page.locator('tr[data-interaction-id="refund-1183"]');
    await first.getByText('ANSWERED', { exact: true }).waitFor();
    expect(await first.innerText()).toContain('Refund order 1182 for 40 €?');
    expect(await first.locator('td[data-label="Answer"]').innerText()).toMatch(/^Yes\s+by U_ALICE/);
    await second.getByText('PENDING', { exact: true }).waitFor();
    expect(await second.innerText()).toContain('options: Yes · No');
    expect(await second.locator('td[data-label="Expires"]').innerText()).toMatch(/^in (\d+ h|1 d)$/);
    expect(await page.locator('.counts').innerText()).toMatch(/PENDING\s*1\s*ANSWERED\s*1\s*EXPIRED\s*0/);
    await screenshot(page, 'console-interactions');

    await page.getByLabel('Status').selectOption('PENDING');
    await first.waitFor({ state: 'detached' });
    expect(await second.count()).toBe(1);
    await page.getByLabel('Status').selectOption('EXPIRED');
    await page.getByText('No expired interactions.').waitFor();
    await page.close();
  }, 45_000);
});
