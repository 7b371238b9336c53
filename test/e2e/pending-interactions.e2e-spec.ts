import { randomUUID } from 'node:crypto';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { FakeSlack } from '../support/fake-slack';
import { FakeTokenEndpoint, startFakeTokenEndpoint } from '../support/fake-token-endpoint';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { seedIntegration, seedOrg, SeededOrg } from '../support/seed';
import { WebhookReceiver } from '../support/webhook-receiver';
import { signers } from '../support/webhook-signers';

interface SlackSetup {
  org: SeededOrg;
  connectionId: string;
  integrationId: string;
  instanceId: string;
  signingSecret: string;
  deliveryPath: string;
  deliverySecret: string;
}

describe('pending interactions', () => {
  let t: TestApp;
  let slack: FakeSlack;
  let tokenEndpoint: FakeTokenEndpoint;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    slack = await new FakeSlack().start();
    tokenEndpoint = await startFakeTokenEndpoint();
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
    await slack.stop();
    await tokenEndpoint.close();
    await receiver.close();
    await closeSql();
  });
  beforeEach(() => slack.reset());

  async function slackOrg(app: TestApp = t): Promise<SlackSetup> {
    const org = await seedOrg(app.baseUrl);
    const provider = await createProvider(app.baseUrl, org, {
      tokenUrl: tokenEndpoint.url,
      apiBaseUrl: slack.apiBaseUrl,
      errorStyle: 'slack',
    });
    const connection = await importConnection(app.baseUrl, org, provider.key, {
      accessToken: `xoxb-${randomUUID()}`,
      refreshToken: `xoxe-${randomUUID()}`,
      expiresIn: 3600,
    });
    const signingSecret = `slack-signing-${randomUUID()}`;
    const deliveryPath = `agent-${randomUUID()}`;
    const integration = await seedIntegration(app.baseUrl, org, {
      plugin: 'slack',
      connectionIds: [connection.id],
      ingress: { scheme: 'slack', secret: signingSecret },
      deliveryUrl: receiver.url(deliveryPath),
    });
    const deliverySecret = (integration as unknown as { deliverySecret: string }).deliverySecret;
    receiver.setSecret(deliveryPath, deliverySecret);
    return {
      org,
      connectionId: connection.id,
      integrationId: integration.id,
      instanceId: integration.instanceId,
      signingSecret,
      deliveryPath,
      deliverySecret,
    };
  }

  const ask = (app: TestApp, setup: SlackSetup, id: string, extra: Record<string, unknown> = {}) =>
    http(app.baseUrl, 'POST', `/v1/orgs/${setup.org.id}/interactions`, {
      key: setup.org.key,
      body: {
        id,
        integrationId: setup.integrationId,
        connectionId: setup.connectionId,
        expectedUserId: 'U_ALICE',
        channel: 'C_REFUNDS',
        question: 'Refund order 1182 for 40 €?',
        options: ['Yes', 'No'],
        ...extra,
      },
    });
  const answer = (app: TestApp, setup: SlackSetup, id: string, body: Record<string, unknown> = {}) =>
    http(app.baseUrl, 'POST', `/v1/orgs/${setup.org.id}/interactions/${id}/answer`, {
      key: setup.org.key,
      body: { connectionId: setup.connectionId, userId: 'U_ALICE', answer: 'Yes', ...body },
    });
  const rowCount = async (id: string) =>
    Number(
      (await sql<{ n: string }>('SELECT count(*) AS n FROM pending_interactions WHERE id = $1', [id]))[0].n,
    );

  describe('POST /v1/orgs/:orgId/interactions', () => {
    it('posts the question to Slack with one button per option and answers 201 PENDING', async () => {
      const setup = await slackOrg();
      const id = `refund-${randomUUID()}`;
      const created = await ask(t, setup, id);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id, status: 'PENDING', options: ['Yes', 'No'], answer: null });
      const [post] = slack.callsTo('chat.postMessage');
      expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
      expect(post.authorization).toMatch(/^Bearer xoxb-/);
      expect(post.body.channel).toBe('C_REFUNDS');
      const buttons = post.body.blocks[1].elements;
      expect(buttons.map((button: { value: string }) => button.value)).toEqual(['Yes', 'No']);
      expect(buttons[0].action_id).toContain(id);
    });

    it('keeps createdAt on a retry after the row was claimed, and makes it claimable again', async () => {
      const setup = await slackOrg();
      const id = `retry-${randomUUID()}`;
      expect((await ask(t, setup, id)).status).toBe(201);
      const [before] = await sql('SELECT created_at FROM pending_interactions WHERE id = $1', [id]);
      expect((await answer(t, setup, id)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await ask(t, setup, id)).status).toBe(201);
      const [after] = await sql(
        'SELECT created_at, claimed_at, answer FROM pending_interactions WHERE id = $1',
        [id],
      );
      expect(after.claimed_at).toBeNull();
      expect(after.answer).toBeNull();
      expect(after.created_at.toISOString()).toBe(before.created_at.toISOString());
      expect((await answer(t, setup, id)).status).toBe(200);
    });

    it("keeps an id another org also uses apart: two questions, neither org's row touched", async () => {
      const first = await slackOrg();
      const second = await slackOrg();
      const id = `shared-${randomUUID()}`;
      expect((await ask(t, first, id)).status).toBe(201);
      const other = await ask(t, second, id, { question: 'Another question?' });
      expect(other.status).toBe(201);
      const rows = await sql(
        'SELECT organization_id, question FROM pending_interactions WHERE id = $1 ORDER BY created_at',
        [id],
      );
      expect(rows).toEqual([
        { organization_id: first.org.id, question: 'Refund order 1182 for 40 €?' },
        { organization_id: second.org.id, question: 'Another question?' },
      ]);
    });

    it.each([
      ['an HTTP error', 'http_500' as const],
      ['a 200 {ok:false} body', 'ok_false' as const],
    ])(
      'deletes the row and answers 502 INTERACTION.POST_FAILED when Slack answers %s',
      async (_label, failure) => {
        const setup = await slackOrg();
        const id = `fail-${randomUUID()}`;
        slack.reset(failure);
        const result = await ask(t, setup, id);
        expect(result.status).toBe(502);
        expect(result.body.error.code).toBe('INTERACTION.POST_FAILED');
        expect(await rowCount(id)).toBe(0);
      },
    );

    it('refreshes once on Slack invalid_auth and retries the post with the new token', async () => {
      const setup = await slackOrg();
      const callsBefore = tokenEndpoint.count('refresh_token');
      slack.reset('invalid_auth_once');
      const result = await ask(t, setup, `auth-${randomUUID()}`);
      expect(result.status).toBe(201);
      expect(tokenEndpoint.count('refresh_token') - callsBefore).toBe(1);
      const posts = slack.callsTo('chat.postMessage');
      expect(posts).toHaveLength(2);
      expect(posts[0].authorization).not.toBe(posts[1].authorization);
    });
  });

  it("answers 404 INTEGRATION.NOT_FOUND for another org's integration and posts nothing", async () => {
    const setup = await slackOrg();
    const other = await slackOrg();
    slack.reset();
    const result = await ask(t, { ...setup, integrationId: other.integrationId }, `foreign-${randomUUID()}`);
    expect(result.status).toBe(404);
    expect(result.body.error.code).toBe('INTEGRATION.NOT_FOUND');
    expect(slack.calls).toHaveLength(0);
  });

  describe('Slack button clicks through ingress', () => {
    const click = async (setup: SlackSetup, button: { action_id: string; value: string }, userId: string) => {
      const payload = {
        type: 'block_actions',
        user: { id: userId },
        actions: [button],
        trigger_id: randomUUID(),
      };
      const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return http(t.baseUrl, 'POST', `/ingress/slack/${setup.instanceId}/interactive`, {
        raw: body,
        headers: signers.slack(setup.signingSecret, body, undefined, 'application/x-www-form-urlencoded'),
      });
    };
    const waitForStatus = async (setup: SlackSetup, id: string, status: string) => {
      for (let i = 0; i < 50; i++) {
        const view = await http(t.baseUrl, 'GET', `/v1/orgs/${setup.org.id}/interactions/${id}`, {
          key: setup.org.key,
        });
        if (view.body.status === status) return view.body;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`interaction ${id} never became ${status}`);
    };

    it('claims the interaction when the expected user clicks, acknowledges with 2xx, and ignores anyone else', async () => {
      const setup = await slackOrg();
      const id = `click-${randomUUID()}`;
      expect((await ask(t, setup, id)).status).toBe(201);
      const buttons = slack.callsTo('chat.postMessage')[0].body.blocks[1].elements;

      const stranger = await click(setup, buttons[0], 'U_MALLORY');
      expect([200, 202]).toContain(stranger.status);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(
        (await http(t.baseUrl, 'GET', `/v1/orgs/${setup.org.id}/interactions/${id}`, { key: setup.org.key }))
          .body.status,
      ).toBe('PENDING');

      const alice = await click(setup, buttons[1], 'U_ALICE');
      expect([200, 202]).toContain(alice.status);
      const answered = await waitForStatus(setup, id, 'ANSWERED');
      expect(answered).toMatchObject({ answer: 'No', answeredBy: 'U_ALICE' });
      // the message shows who answered right after the claim (best effort, after the answer is queued)
      await receiver.waitFor(() => slack.callsTo('chat.update').length >= 1);
      expect(slack.callsTo('chat.update')).toHaveLength(1);
      // the answer reaches the agent signed, once (Slack retrying the click would not deliver it again)
      await receiver.waitFor(() =>
        receiver.forPath(setup.deliveryPath).some((entry) => entry.body?.type === 'interaction.answered'),
      );
      expect((await click(setup, buttons[1], 'U_ALICE')).status).toBeLessThan(300);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const answers = receiver
        .forPath(setup.deliveryPath)
        .filter((entry) => entry.body?.type === 'interaction.answered');
      expect(answers).toHaveLength(1);
      expect(answers[0]).toMatchObject({
        verified: true,
        body: { interactionId: id, userId: 'U_ALICE', answer: 'No' },
      });
    });

    it('refuses an unsigned click with 401 and claims nothing', async () => {
      const setup = await slackOrg();
      const id = `unsigned-${randomUUID()}`;
      expect((await ask(t, setup, id)).status).toBe(201);
      const button = slack.callsTo('chat.postMessage')[0].body.blocks[1].elements[0];
      const body = `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U_ALICE' }, actions: [button] }))}`;
      const forged = await http(t.baseUrl, 'POST', `/ingress/slack/${setup.instanceId}/interactive`, {
        raw: body,
        headers: signers.slack('wrong-secret', body, undefined, 'application/x-www-form-urlencoded'),
      });
      expect(forged.status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(
        (await http(t.baseUrl, 'GET', `/v1/orgs/${setup.org.id}/interactions/${id}`, { key: setup.org.key }))
          .body.status,
      ).toBe('PENDING');
    });
  });

  describe('POST /v1/orgs/:orgId/interactions/:id/answer', () => {
    it('lets exactly one of 50 concurrent answers win, stores one delivery of it, updates the message', async () => {
      const setup = await slackOrg();
      const id = `race-${randomUUID()}`;
      expect((await ask(t, setup, id)).status).toBe(201);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, index) => answer(t, setup, id, { answer: index % 2 ? 'Yes' : 'No' })),
      );
      const statuses = results.map((result) => result.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(49);
      expect(results.find((result) => result.status === 409)!.body.error.code).toBe(
        'INTERACTION.ALREADY_CLAIMED',
      );
      const deliveries = await http(t.baseUrl, 'GET', `/v1/orgs/${setup.org.id}/ingress/deliveries`, {
        key: setup.org.key,
      });
      expect(
        (deliveries.body.items as Array<{ route: string }>).filter(
          (delivery) => delivery.route === 'interaction.answered',
        ),
      ).toHaveLength(1);
      expect(slack.callsTo('chat.update')).toHaveLength(1);
      const view = await http(t.baseUrl, 'GET', `/v1/orgs/${setup.org.id}/interactions/${id}`, {
        key: setup.org.key,
      });
      expect(view.body).toMatchObject({ status: 'ANSWERED', answeredBy: 'U_ALICE' });
    });

    it('answers 404 for the wrong user, the wrong connection and another org, and leaves the question open', async () => {
      const setup = await slackOrg();
      const other = await slackOrg();
      const id = `scope-${randomUUID()}`;
      expect((await ask(t, setup, id)).status).toBe(201);
      expect((await answer(t, setup, id, { userId: 'U_MALLORY' })).status).toBe(404);
      expect((await answer(t, setup, id, { connectionId: other.connectionId })).status).toBe(404);
      const crossOrg = await http(t.baseUrl, 'POST', `/v1/orgs/${other.org.id}/interactions/${id}/answer`, {
        key: other.org.key,
        body: { connectionId: setup.connectionId, userId: 'U_ALICE', answer: 'Yes' },
      });
      expect(crossOrg.status).toBe(404);
      const readCrossOrg = await http(t.baseUrl, 'GET', `/v1/orgs/${other.org.id}/interactions/${id}`, {
        key: other.org.key,
      });
      expect(readCrossOrg.status).toBe(404);
      expect((await answer(t, setup, id)).status).toBe(200);
    });
  });

  describe('answer delivery', () => {
    it("delivers the winning answer once, Standard-Webhooks-signed, to the integration's deliveryUrl", async () => {
      const setup = await slackOrg();
      const id = `deliver-${randomUUID()}`;
      expect((await ask(t, setup, id)).status).toBe(201);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => answer(t, setup, id, { answer: 'Yes' })),
      );
      expect(results.filter((result) => result.status === 200)).toHaveLength(1);
      await receiver.waitFor(() => receiver.forPath(setup.deliveryPath).length >= 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const delivered = receiver.forPath(setup.deliveryPath);
      expect(delivered).toHaveLength(1);
      expect(delivered[0].verified).toBe(true);
      expect(delivered[0].body).toMatchObject({
        type: 'interaction.answered',
        interactionId: id,
        userId: 'U_ALICE',
        answer: 'Yes',
        answeredAt: expect.any(String),
      });
    });

    it('delivers to the callbackUrl when the question named one', async () => {
      const setup = await slackOrg();
      const id = `callback-${randomUUID()}`;
      const callbackPath = `callback-${randomUUID()}`;
      receiver.setSecret(callbackPath, setup.deliverySecret);
      expect((await ask(t, setup, id, { callbackUrl: receiver.url(callbackPath) })).status).toBe(201);
      expect((await answer(t, setup, id, { answer: 'No' })).status).toBe(200);
      await receiver.waitFor(() => receiver.forPath(callbackPath).length >= 1);
      expect(receiver.forPath(callbackPath)[0]).toMatchObject({
        verified: true,
        body: { interactionId: id, answer: 'No' },
      });
      expect(receiver.forPath(setup.deliveryPath)).toHaveLength(0);
    });
  });

  describe('expiry', () => {
    it('answers 404 once the TTL passed, shows EXPIRED, and the sweep removes the row', async () => {
      const short = await startApp({ PENDING_INTERACTION_TTL_SECONDS: '1' });
      try {
        const setup = await slackOrg(short);
        const id = `expire-${randomUUID()}`;
        expect((await ask(short, setup, id)).status).toBe(201);
        await new Promise((resolve) => setTimeout(resolve, 1100));
        expect((await answer(short, setup, id)).status).toBe(404);
        const view = await http(short.baseUrl, 'GET', `/v1/orgs/${setup.org.id}/interactions/${id}`, {
          key: setup.org.key,
        });
        expect(view.body.status).toBe('EXPIRED');
        // another suite's sweep may hold the one sweep lock for a moment: this run then skips
        let sweep = await http(short.baseUrl, 'POST', '/v1/admin/sweep', { key: TEST_ADMIN_KEY });
        for (let attempt = 0; !sweep.body.ran && attempt < 20; attempt++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          sweep = await http(short.baseUrl, 'POST', '/v1/admin/sweep', { key: TEST_ADMIN_KEY });
        }
        expect(sweep.status).toBe(200);
        expect(sweep.body.deleted.pendingInteractions).toBeGreaterThanOrEqual(1);
        expect(await rowCount(id)).toBe(0);
      } finally {
        await short.close();
      }
    });
  });
});
