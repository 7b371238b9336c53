import * as fs from 'node:fs';
import * as path from 'node:path';
import { startApp, TestApp } from '../support/app';
import {
  hasChromium,
  HeadlessChromium,
  launchChromium,
  screenshot,
  warnChromiumMissing,
} from '../support/browser';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import { seedOrg, SeededOrg } from '../support/seed';
import { waitUntil } from '../support/wait-until';

const BUILT_INDEX = path.resolve(__dirname, '..', '..', 'dist', 'console', 'index.html');
const describeInChromium = hasChromium() ? describe : describe.skip;
if (!hasChromium()) warnChromiumMissing('test/e2e/console-audit.e2e-spec.ts (the Audit page in a browser)');

describeInChromium('console: the Audit page', () => {
  let t: TestApp;
  let chromium: HeadlessChromium;
  let org: SeededOrg;
  let agentId: string;

  beforeAll(async () => {
    if (!fs.existsSync(BUILT_INDEX)) throw new Error('dist/console is missing: run `npm run build` first');
    t = await startApp();
    chromium = await launchChromium();
    org = await seedOrg(t.baseUrl, `Audited ${Date.now().toString(36)}`);
    const agent = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
      key: org.key,
      body: { name: 'billing-bot' },
    });
    agentId = agent.body.id;
    // 60 proxied calls of the agent (newest 1 ms ago) and 3 older token issues of nobody's agent
    await sql(
      `INSERT INTO audit_entries (id, organization_id, at, actor_type, actor_id, action, agent_id, method, path,
                                  status, code, duration_ms, request_id)
       SELECT gen_random_uuid(), $1, now() - make_interval(secs => n / 1000.0), 'agent', $2::text, 'proxy.request', $2::uuid,
              'POST', '/proxy/slack/chat.postMessage', 403, 'SECRET_PROXY.NOT_ALLOWED', 3, 'console-' || n
         FROM generate_series(1, 60) AS n`,
      [org.id, agentId],
    );
    await sql(
      `INSERT INTO audit_entries (id, organization_id, at, actor_type, action, request_id)
       SELECT gen_random_uuid(), $1, now() - interval '1 hour' - make_interval(secs => n), 'system',
              'access_token.issued', 'console-token-' || n
         FROM generate_series(1, 3) AS n`,
      [org.id],
    );
  });
  afterAll(async () => {
    await chromium?.close();
    await t?.close();
    await closeSql();
  });

  it('lists entries newest first, loads more on the cursor, and filters by action and agent', async () => {
    const page = await chromium.newPage();
    await page.goto(`${t.baseUrl}/console/`);
    await page.getByLabel('API key').fill(org.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('org-name').waitFor();
    await page.getByRole('link', { name: 'Audit' }).click();

    const rows = page.locator('tr[data-audit-id]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(50);
    await expect(rows.first().textContent()).resolves.toContain('SECRET_PROXY.NOT_ALLOWED');
    await expect(rows.first().textContent()).resolves.toContain('agent billing-bot');

    await page.getByRole('button', { name: 'Load more' }).click();
    await page.locator('tr[data-audit-id]').nth(62).waitFor();
    expect(await rows.count()).toBe(63);
    await expect(rows.last().textContent()).resolves.toContain('access_token.issued');

    await page.getByLabel('Action').selectOption('access_token.issued');
    expect(
      await waitUntil(
        () => rows.count(),
        (count) => count === 3,
      ),
    ).toBe(3);
    await page.getByLabel('Action').selectOption('');
    await page.getByLabel('Agent').selectOption(agentId);
    expect(
      await waitUntil(
        () => rows.count(),
        (count) => count === 50,
      ),
    ).toBe(50);
    expect(page.url()).toContain(`agentId=${agentId}`);
    await screenshot(page, 'console-audit');
    await page.close();
  });
});
