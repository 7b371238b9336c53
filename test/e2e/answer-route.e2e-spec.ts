import { randomUUID } from 'node:crypto';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { http, HttpResult } from '../support/http';
import { seedQuestions } from '../support/questions';
import { seedIntegration, seedOrg, SeededOrg } from '../support/seed';
import { WebhookReceiver } from '../support/webhook-receiver';

const CONNECTION_ID = '00000000-0000-4000-8000-00000000c0de';
const ROUTE = '/v1/orgs/:orgId/interactions/:id/answer';

/**
 * POST …/interactions/:id/answer with a JSON body is served before Fastify (answer-interaction.route.ts);
 * any other body goes to the Nest route. Either way the answers are the API's: the same checks in the
 * same order, the same error bodies and headers, the same rate limit and metrics. These expectations
 * were also run against the Nest route alone, where they hold as well.
 */
describe('answering an interaction: the route before Fastify answers as the API does', () => {
  jest.setTimeout(60_000);

  let t: TestApp;
  let receiver: WebhookReceiver;
  let org: SeededOrg;
  let integrationId: string;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    t = await startApp({ RATE_LIMIT_API_PER_MINUTE: '0', RATE_LIMIT_REJECTED_PER_MINUTE: '0' });
    org = await seedOrg(t.baseUrl);
    integrationId = (await seedIntegration(t.baseUrl, org, { deliveryUrl: receiver.url('answers') })).id;
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await closeSql();
  });

  async function question(owner: SeededOrg = org, integration = integrationId): Promise<string> {
    const id = `q-${randomUUID().slice(0, 8)}`;
    await seedQuestions(owner.id, integration, CONNECTION_ID, [id]);
    return id;
  }

  const path = (id: string, orgId = org.id) => `/v1/orgs/${orgId}/interactions/${id}/answer`;
  const answerBody = { connectionId: CONNECTION_ID, userId: 'U1', answer: 'Yes' };
  const claimedAt = async (id: string) =>
    (
      await sql<{ claimed_at: Date | null }>('SELECT claimed_at FROM pending_interactions WHERE id = $1', [
        id,
      ])
    )[0].claimed_at;

  function expectError(result: HttpResult, status: number, code: string, message?: RegExp): void {
    expect(result.status).toBe(status);
    expect(result.body.error).toEqual({
      code,
      message: message ? expect.stringMatching(message) : expect.any(String),
      requestId: result.headers.get('x-request-id'),
    });
    expect(result.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(result.headers.get('cache-control')).toBe('no-store');
  }

  it('answers 200 {claimed:true} with the caller’s request id, uncacheable, and counts it under the route', async () => {
    const id = await question();
    const answered = await http(t.baseUrl, 'POST', path(id), {
      key: org.key,
      body: answerBody,
      headers: { 'x-request-id': 'answer-route-test-1', 'content-type': 'application/json; charset=utf-8' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ claimed: true });
    expect(answered.headers.get('x-request-id')).toBe('answer-route-test-1');
    expect(answered.headers.get('cache-control')).toBe('no-store');
    expect(await claimedAt(id)).not.toBeNull();
    expectError(
      await http(t.baseUrl, 'POST', path(id), { key: org.key, body: answerBody }),
      409,
      'INTERACTION.ALREADY_CLAIMED',
    );

    const metrics = await http(t.baseUrl, 'GET', '/metrics');
    expect(metrics.text).toMatch(
      new RegExp(
        `http_request_duration_seconds_count\\{[^}]*route="${ROUTE.replace(/[/:]/g, '\\$&')}"[^}]*status_code="200"[^}]*\\} [1-9]`,
      ),
    );
  });

  it('takes the operator key for any existing org, and the org key only for its own org (404 otherwise)', async () => {
    const operatorAnswers = await http(t.baseUrl, 'POST', path(await question()), {
      key: TEST_ADMIN_KEY,
      body: answerBody,
    });
    expect(operatorAnswers.status).toBe(200);

    const other = await seedOrg(t.baseUrl);
    const id = await question();
    expectError(
      await http(t.baseUrl, 'POST', path(id), { key: other.key, body: answerBody }),
      404,
      'ORG.NOT_FOUND',
    );
    expectError(
      await http(t.baseUrl, 'POST', path(id, randomUUID()), { key: TEST_ADMIN_KEY, body: answerBody }),
      404,
      'ORG.NOT_FOUND',
    );
    expectError(
      await http(t.baseUrl, 'POST', path(id, 'not-an-org'), { key: org.key, body: answerBody }),
      404,
      'ORG.NOT_FOUND',
    );
    expectError(await http(t.baseUrl, 'POST', path(id), { body: answerBody }), 401, 'AUTH.UNAUTHENTICATED');
    expectError(
      await http(t.baseUrl, 'POST', path(id), { key: 'pbk_nope', body: answerBody }),
      401,
      'AUTH.UNAUTHENTICATED',
    );
    // an org key answering another org's interaction of the same id touches nothing
    expect(await claimedAt(id)).toBeNull();
  });

  it('refuses a bad id, bad fields, unknown fields, unparseable or unstorable JSON and an oversized body', async () => {
    const id = await question();
    expectError(
      await http(t.baseUrl, 'POST', path('bad%20id'), { key: org.key, body: answerBody }),
      404,
      'INTERACTION.NOT_FOUND',
    );
    expectError(
      await http(t.baseUrl, 'POST', path(`nope-${randomUUID()}`), { key: org.key, body: answerBody }),
      404,
      'INTERACTION.NOT_FOUND',
    );
    expectError(
      await http(t.baseUrl, 'POST', path(id), { key: org.key, body: { ...answerBody, connectionId: 'x' } }),
      400,
      'REQUEST.INVALID',
      /connectionId must be a UUID/,
    );
    expectError(
      await http(t.baseUrl, 'POST', path(id), { key: org.key, body: { ...answerBody, extra: 1 } }),
      400,
      'REQUEST.INVALID',
      /property extra should not exist/,
    );
    const rawJson = (raw: string | Buffer) =>
      http(t.baseUrl, 'POST', path(id), {
        key: org.key,
        raw,
        headers: { 'content-type': 'application/json' },
      });
    expectError(await rawJson('{"connectionId":'), 400, 'REQUEST.INVALID', /not valid JSON/);
    expectError(await rawJson(''), 400, 'REQUEST.INVALID', /cannot be empty/);
    expectError(await rawJson('{"__proto__":{"x":1}}'), 400, 'REQUEST.INVALID', /not valid JSON/);
    expectError(
      await rawJson(JSON.stringify({ ...answerBody, answer: 'a\u0000b' })),
      400,
      'REQUEST.INVALID',
      /NUL/,
    );
    expectError(await rawJson(Buffer.from([0x7b, 0xff, 0x7d])), 400, 'REQUEST.INVALID', /UTF-8/);
    expectError(await rawJson(`{"answer":"${'x'.repeat(1024 * 1024)}"}`), 413, 'REQUEST.TOO_LARGE');
    expectError(
      await http(t.baseUrl, 'POST', `${path(id)}?broken=%zz`, { key: org.key, body: answerBody }),
      400,
      'REQUEST.INVALID',
      /percent-encoding/,
    );
    // none of them claimed anything
    expect(await claimedAt(id)).toBeNull();
  });

  it('leaves other bodies to the Nest route: a form body is answered, an unknown content type is 415', async () => {
    const id = await question();
    const form = await http(t.baseUrl, 'POST', path(id), {
      key: org.key,
      raw: new URLSearchParams(answerBody).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(200);
    expect(form.body).toEqual({ claimed: true });
    expectError(
      await http(t.baseUrl, 'POST', path(await question()), {
        key: org.key,
        raw: '<answer>Yes</answer>',
        headers: { 'content-type': 'application/xml' },
      }),
      415,
      'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    );
  });

  describe('with a per-key rate limit', () => {
    let limited: TestApp;
    beforeAll(async () => {
      limited = await startApp({ RATE_LIMIT_API_PER_MINUTE: '3', RATE_LIMIT_REJECTED_PER_MINUTE: '0' });
    });
    afterAll(() => limited.close());

    it('counts answers against the key like any API call and answers 429 past the limit, claiming nothing', async () => {
      const answerOn = async (id: string) =>
        http(limited.baseUrl, 'POST', path(id), { key: org.key, body: answerBody });
      for (let index = 0; index < 3; index++) {
        const allowed = await answerOn(await question());
        expect(allowed.status).toBe(200);
        expect(allowed.headers.get('x-ratelimit-limit')).toBe('3');
        expect(allowed.headers.get('x-ratelimit-remaining')).toBe(String(2 - index));
      }
      const id = await question();
      const refused = await answerOn(id);
      expectError(refused, 429, 'REQUEST.RATE_LIMITED', /retry after \d+ s/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await claimedAt(id)).toBeNull();
    });
  });
});
