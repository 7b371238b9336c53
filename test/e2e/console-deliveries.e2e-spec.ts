import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startApp, TestApp } from '../support/app';
import {
  hasChromium,
  HeadlessChromium,
  launchChromium,
  screenshot,
  warnChromiumMissing,
} from '../support/browser';
import { closeSql } from '../support/db';
import { http } from '../support/http';
import { ingressBurst } from '../support/ingress-burst';
import { seedIntegration, seedOrg, SeededOrg } from '../support/seed';
import { waitUntil } from '../support/wait-until';
import { WebhookReceiver } from '../support/webhook-receiver';

const BUILT_INDEX = path.resolve(__dirname, '..', '..', 'dist', 'console', 'index.html');
const describeInChromium = hasChromium() ? describe : describe.skip;
if (!hasChromium())
  warnChromiumMissing('test/e2e/console-deliveries.e2e-spec.ts (delivery detail in a browser)');

describeInChromium('console: a delivery people can see (attempts, payload, redrive, paging)', () => {
  let t: TestApp;
  let chromium: HeadlessChromium;
  let receiver: WebhookReceiver;
  let org: SeededOrg;

  beforeAll(async () => {
    if (!fs.existsSync(BUILT_INDEX)) throw new Error('dist/console is missing: run `npm run build` first');
    receiver = await WebhookReceiver.start();
    t = await startApp({ DELIVERY_MAX_ATTEMPTS: '2', DELIVERY_BACKOFF_MS: '20' });
    chromium = await launchChromium();
    org = await seedOrg(t.baseUrl, `Initech ${Date.now().toString(36)}`);
  });
  afterEach(() => receiver.respondOk());
  afterAll(async () => {
    await chromium?.close();
    await t?.close();
    await receiver?.close();
    await closeSql();
  });

  async function integrationWithReceiver() {
    const receiverPath = `hooks-${randomUUID().slice(0, 8)}`;
    const integration = await seedIntegration(t.baseUrl, org, { deliveryUrl: receiver.url(receiverPath) });
    receiver.setSecret(receiverPath, integration.deliverySecret);
    return integration;
  }

  async function accept(integration: { plugin: string; instanceId: string }, body: unknown): Promise<string> {
    const accepted = await http(
      t.baseUrl,
      'POST',
      `/ingress/${integration.plugin}/${integration.instanceId}/events`,
      {
        body,
      },
    );
    expect(accepted.status).toBe(202);
    return accepted.body.deliveryId;
  }

  async function statusOf(id: string): Promise<string> {
    const answer = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/ingress/deliveries/${id}`, {
      key: org.key,
    });
    return answer.body.status;
  }

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${t.baseUrl}/console/`);
    await page.getByLabel('API key').fill(org.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('org-name').waitFor();
  }

  it('shows the attempt timeline, the payload only after "Show payload", and redrives a DEAD delivery', async () => {
    const integration = await integrationWithReceiver();
    receiver.respondInTurn([
      { status: 503, body: 'maintenance until 10:00' },
      { status: 500, body: '{"error":"database locked"}' },
    ]);
    const id = await accept(integration, { type: 'invoice.paid', amount: 4200, customer: 'cus_Q1' });
    expect(
      await waitUntil(
        () => statusOf(id),
        (status) => status === 'DEAD',
      ),
    ).toBe('DEAD');

    const page = await chromium.newPage();
    const payloadRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('include=payload')) payloadRequests.push(request.url());
    });
    await signIn(page);
    await page.goto(`${t.baseUrl}/console/deliveries/${id}`);
    const timeline = page.getByTestId('attempts');
    await timeline.locator('[data-attempt="2"]').waitFor();
    const first = await timeline.locator('[data-attempt="1"]').innerText();
    expect(first).toContain('HTTP 503');
    expect(first).toContain('retry');
    expect(first).toContain('maintenance until 10:00');
    expect(first).toMatch(/\d+ ms/);
    const second = await timeline.locator('[data-attempt="2"]').innerText();
    expect(second).toContain('HTTP 500');
    expect(second).toContain('dead');
    expect(second).toContain('database locked');

    // the payload is neither fetched nor shown until asked for
    expect(await page.content()).not.toContain('cus_Q1');
    expect(payloadRequests).toEqual([]);
    await page.getByRole('button', { name: 'Show payload' }).click();
    const payload = page.getByTestId('payload');
    await payload.waitFor();
    expect(JSON.parse(await payload.innerText())).toEqual({
      type: 'invoice.paid',
      amount: 4200,
      customer: 'cus_Q1',
    });
    expect(payloadRequests).toHaveLength(1);
    await screenshot(page, 'console-delivery-attempts');

    await page.getByRole('button', { name: 'Redrive', exact: true }).click();
    await page.getByTestId('redrive-outcome').filter({ hasText: 'accepted' }).waitFor();
    await page.locator('dl.details').getByText('DELIVERED', { exact: true }).waitFor();
    await timeline.locator('[data-attempt="3"]').filter({ hasText: 'delivered' }).waitFor();
    expect(await statusOf(id)).toBe('DELIVERED');
    await screenshot(page, 'console-delivery-redriven');
    await page.close();
  }, 45_000);

  it('redrives every DEAD delivery of an integration in a loop of calls, with a progress line, until none is left', async () => {
    const integration = await integrationWithReceiver();
    receiver.respondWith(400);
    const accepted = await ingressBurst({
      target: () => t.baseUrl,
      path: `/ingress/${integration.plugin}/${integration.instanceId}/events`,
      count: 520,
      clients: 8,
    });
    expect(accepted.every((result) => result.status === 202)).toBe(true);
    const deadCount = async () =>
      (
        await http(
          t.baseUrl,
          'GET',
          `/v1/orgs/${org.id}/ingress/deliveries?status=DEAD&integrationId=${integration.id}&limit=500`,
          { key: org.key },
        )
      ).body.items.length;
    expect(await waitUntil(deadCount, (count) => count === 500, { timeoutMs: 30_000 })).toBe(500);
    receiver.respondOk();

    const page = await chromium.newPage();
    await signIn(page);
    await page.goto(`${t.baseUrl}/console/deliveries?integrationId=${integration.id}&status=DEAD`);
    await page.locator('tr[data-status="DEAD"]').first().waitFor();
    const calls: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/ingress/redrive')) calls.push(response.status());
    });
    await page.getByRole('button', { name: "Redrive this integration's DEAD" }).click();
    const line = page.getByTestId('bulk-redrive-progress');
    await line.filter({ hasText: 'Done in 2 batches' }).waitFor({ timeout: 30_000 });
    expect(await line.innerText()).toBe(
      'Done in 2 batches: 520 of 520 tried · 520 redriven · 0 failed · 0 left',
    );
    expect(calls).toEqual([200, 200]);
    expect(await deadCount()).toBe(0);
    await screenshot(page, 'console-bulk-redrive');
    await page.close();
  }, 60_000);

  it('pages the list with "Load more" on nextCursor until every delivery is shown', async () => {
    const integration = await integrationWithReceiver();
    const ids: string[] = [];
    for (let n = 0; n < 55; n++) ids.push(await accept(integration, { type: 'page.test', n }));
    const page = await chromium.newPage();
    await signIn(page);
    await page.goto(`${t.baseUrl}/console/deliveries?integrationId=${integration.id}`);
    const rows = page.locator('tbody tr[data-delivery-id]');
    await page.locator(`tr[data-delivery-id="${ids[54]}"]`).waitFor();
    expect(await rows.count()).toBe(50);
    expect(await page.locator(`tr[data-delivery-id="${ids[0]}"]`).count()).toBe(0);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.locator(`tr[data-delivery-id="${ids[0]}"]`).waitFor();
    expect(await rows.count()).toBe(55);
    await page.getByText('All 55 matching deliveries are shown.').waitFor();
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await page.close();
  }, 45_000);
});
