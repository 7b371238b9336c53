import { randomBytes, randomUUID } from 'node:crypto';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import { seedIntegration, SeededIntegration, seedOrg } from '../support/seed';
import { signers } from '../support/webhook-signers';

/**
 * Replays. GitHub and Shopify sign the body but no timestamp, and their delivery id is a plain
 * header: anyone who captured one request could send it again with a fresh id. Idempotency-Key is
 * never signed. Neither may turn a replay into a new delivery.
 */
describe('ingress replays', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
    await closeSql();
  });

  const secret = () => randomBytes(24).toString('hex');

  async function integration(scheme: string, ingressSecret?: string): Promise<SeededIntegration> {
    const org = await seedOrg(t.baseUrl);
    return seedIntegration(t.baseUrl, org, {
      ingress: ingressSecret ? { scheme, secret: ingressSecret } : { scheme },
    });
  }

  const post = (target: SeededIntegration, body: string, headers: Record<string, string>) =>
    http(t.baseUrl, 'POST', `/ingress/${target.plugin}/${target.instanceId}/events`, { raw: body, headers });

  const rows = async (integrationId: string) =>
    sql(`SELECT id FROM deliveries WHERE integration_id = $1`, [integrationId]);

  it.each([
    ['github', (key: string, body: string, id: string) => signers.github(key, body, id)],
    ['shopify', async (key: string, body: string, id: string) => signers.shopify(key, body, id)],
  ])(
    'takes a %s body signed again under a fresh delivery id as a repeat of the first (200 duplicate:true)',
    async (scheme, sign) => {
      const key = secret();
      const target = await integration(scheme, key);
      const body = JSON.stringify({ action: 'opened', number: 1182, nonce: randomUUID() });
      const first = await post(target, body, await sign(key, body, randomUUID()));
      expect(first.status).toBe(202);
      const replay = await post(target, body, await sign(key, body, randomUUID()));
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual({ deliveryId: first.body.deliveryId, duplicate: true });
      const other = await post(
        target,
        JSON.stringify({ action: 'closed' }),
        await sign(key, '{"action":"closed"}', randomUUID()),
      );
      expect(other.status).toBe(202);
      expect((await rows(target.id)).length).toBe(2);
    },
  );

  it('stores exactly one of ten concurrent replays of one GitHub body under ten delivery ids', async () => {
    const key = secret();
    const target = await integration('github', key);
    const body = JSON.stringify({ action: 'edited', nonce: randomUUID() });
    const answers = await Promise.all(
      Array.from({ length: 10 }, async () =>
        post(target, body, await signers.github(key, body, randomUUID())),
      ),
    );
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(9);
    expect(new Set(answers.map((answer) => answer.body.deliveryId)).size).toBe(1);
    expect((await rows(target.id)).length).toBe(1);
  });

  it('accepts the same body again once the 24 h window has passed (and the sweep forgot its hash)', async () => {
    const key = secret();
    const target = await integration('github', key);
    const body = JSON.stringify({ action: 'reopened', nonce: randomUUID() });
    const first = await post(target, body, await signers.github(key, body, randomUUID()));
    expect(first.status).toBe(202);
    await sql(`UPDATE deliveries SET received_at = now() - interval '25 hours' WHERE id = $1`, [
      first.body.deliveryId,
    ]);
    const sweep = await http(t.baseUrl, 'POST', '/v1/admin/sweep', { key: TEST_ADMIN_KEY });
    expect(sweep.status).toBe(200);
    const later = await post(target, body, await signers.github(key, body, randomUUID()));
    expect(later.status).toBe(202);
    expect(later.body.deliveryId).not.toBe(first.body.deliveryId);
  });

  it('ignores Idempotency-Key on a signed scheme: a signed request sent again with a fresh one is a repeat', async () => {
    const key = secret();
    const target = await integration('slack', key);
    // a slash command: form-encoded, no event_id, so the content hash identifies it
    const body = `command=%2Fdeploy&text=${randomUUID()}`;
    const headers = signers.slack(key, body, undefined, 'application/x-www-form-urlencoded');
    const first = await post(target, body, { ...headers, 'idempotency-key': randomUUID() });
    expect(first.status).toBe(202);
    const replay = await post(target, body, { ...headers, 'idempotency-key': randomUUID() });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ deliveryId: first.body.deliveryId, duplicate: true });
    expect((await rows(target.id)).length).toBe(1);
  });

  it('still honours Idempotency-Key for scheme none, where nothing is signed anyway', async () => {
    const target = await integration('none');
    const first = await post(target, '{"n":1}', {
      'content-type': 'application/json',
      'idempotency-key': 'k-1',
    });
    const second = await post(target, '{"n":2}', {
      'content-type': 'application/json',
      'idempotency-key': 'k-1',
    });
    expect([first.status, second.status]).toEqual([202, 200]);
    expect(second.body.deliveryId).toBe(first.body.deliveryId);
  });
});
