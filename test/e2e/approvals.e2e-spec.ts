import { createHash, randomUUID } from 'node:crypto';
import { AuditRecorder } from '../../src/modules/audit';
import { startApp, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { EchoUpstream } from '../support/echo-upstream';
import { FakeSlack, SlackCall } from '../support/fake-slack';
import { FakeTokenEndpoint, startFakeTokenEndpoint } from '../support/fake-token-endpoint';
import {
  answerApproval,
  approvalIdOf,
  ApprovalTarget,
  clickButton,
  createApprovalTarget,
  createGuardedWorker,
  createPlaceholder,
  GuardedWorker,
  proxyCall,
  RawAnswer,
} from '../support/guarded';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { waitUntil } from '../support/wait-until';

const APPROVER = 'U_MANAGER';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('approval-gated requests', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let upstream: EchoUpstream;
  let slack: FakeSlack;
  let tokenEndpoint: FakeTokenEndpoint;

  beforeAll(async () => {
    upstream = await EchoUpstream.start();
    slack = await new FakeSlack().start();
    tokenEndpoint = await startFakeTokenEndpoint();
    t = await startApp({ LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    await t.close();
    await upstream.close();
    await slack.stop();
    await tokenEndpoint.close();
    await closeSql();
  });
  beforeEach(() => {
    upstream.reset();
    slack.reset();
  });

  interface Guarded {
    worker: GuardedWorker;
    target: ApprovalTarget;
    placeholder: string;
    channel: string;
  }

  async function guarded(
    approval: Record<string, unknown> = {},
    extra: Record<string, unknown> = {},
    app: TestApp = t,
  ): Promise<Guarded> {
    const worker = await createGuardedWorker(app.baseUrl, {
      apiBaseUrl: upstream.url,
      tokenUrl: tokenEndpoint.url,
      agentName: 'billing-bot',
    });
    const target = await createApprovalTarget(app.baseUrl, worker.org, slack, tokenEndpoint.url);
    const channel = `C_${randomUUID().slice(0, 8)}`;
    const created = await createPlaceholder(app.baseUrl, worker, {
      approval: {
        integrationId: target.integrationId,
        connectionId: target.connectionId,
        channel,
        approverUserId: APPROVER,
        paths: ['/chat.postMessage'],
        ...approval,
      },
      ...extra,
    });
    expect(created.status).toBe(201);
    return { worker, target, placeholder: created.body.placeholder, channel };
  }

  /** Approvals posted to a test's own channel (a late chat.update of an earlier test may arrive any time). */
  const postsTo = (channel: string) =>
    slack.callsTo('chat.postMessage').filter((call) => call.body.channel === channel);

  /** The approval posts to the channel: the call is held by then. */
  async function postedApproval(channel: string): Promise<SlackCall> {
    const posts = await waitUntil(
      async () => slack.callsTo('chat.postMessage').filter((call) => call.body.channel === channel),
      (found) => found.length > 0,
    );
    expect(posts).toHaveLength(1);
    return posts[0];
  }

  /** The ledger's entries of the org, oldest first, once the buffered ones are written. */
  const auditOf = async (setup: Guarded) => {
    await t.app.get(AuditRecorder).flush();
    return sql<{
      action: string;
      actor_type: string;
      method: string;
      path: string;
      status: number;
      code: string;
    }>(
      `SELECT action, actor_type, method, path, status, code FROM audit_entries
        WHERE organization_id = $1 AND action IN ('approval.requested', 'approval.answered', 'proxy.request')
        ORDER BY at, CASE action WHEN 'approval.requested' THEN 0 WHEN 'approval.answered' THEN 1 ELSE 2 END`,
      [setup.worker.org.id],
    );
  };

  const interaction = async (setup: Guarded, id: string) =>
    (
      await http(t.baseUrl, 'GET', `/v1/orgs/${setup.worker.org.id}/interactions/${id}`, {
        key: setup.worker.org.key,
      })
    ).body;

  const send = (
    setup: Guarded,
    body: string,
    path = '/chat.postMessage?channel=C_QUERY_VALUE&unfurl=1',
    app: TestApp = t,
  ) => proxyCall(app.baseUrl, setup.worker, setup.placeholder, { method: 'POST', path, body });

  it('shows the approver the call and forwards exactly the held request once on an Approve click', async () => {
    const setup = await guarded();
    const body = JSON.stringify({ channel: 'C_FINANCE', text: 'Q3 numbers are final: revenue 1.2M' });
    const held = send(setup, body);
    const post = await postedApproval(setup.channel);
    expect(upstream.count).toBe(0);

    const shown = JSON.stringify(post.body.blocks);
    expect(post.body.text).toBe('billing-bot wants to send POST /chat.postMessage');
    expect(shown).toContain('channel, unfurl');
    expect(shown).not.toContain('C_QUERY_VALUE');
    expect(shown).toContain(sha256(body));
    expect(shown).toContain('Q3 numbers are final');
    const buttons = post.body.blocks.find((block: { type: string }) => block.type === 'actions').elements;
    expect(buttons.map((button: { value: string }) => button.value)).toEqual(['Approve', 'Deny']);

    const id = approvalIdOf(post);
    expect(await interaction(setup, id)).toMatchObject({
      kind: 'approval',
      status: 'PENDING',
      expectedUserId: APPROVER,
    });
    expect((await clickButton(t.baseUrl, setup.target, post, 'Approve', APPROVER)).status).toBeLessThan(300);

    const answer = await held;
    expect(answer.status).toBe(200);
    expect(upstream.count).toBe(1);
    const forwarded = upstream.last();
    expect(forwarded.method).toBe('POST');
    expect(forwarded.url).toBe('/chat.postMessage?channel=C_QUERY_VALUE&unfurl=1');
    expect(forwarded.bodySha256).toBe(sha256(body));
    expect(forwarded.headers['content-type']).toBe('application/json');
    expect(forwarded.headers.authorization).toMatch(/^Bearer guarded-access-/);
    expect(answer.body.bodySha256).toBe(sha256(body));
    expect(await interaction(setup, id)).toMatchObject({
      status: 'ANSWERED',
      answer: 'Approve',
      answeredBy: APPROVER,
    });

    expect(await auditOf(setup)).toEqual([
      expect.objectContaining({
        action: 'approval.requested',
        actor_type: 'agent',
        method: 'POST',
        path: `/proxy/${setup.worker.providerKey}/chat.postMessage`,
      }),
      expect.objectContaining({ action: 'approval.answered', code: `approved by ${APPROVER}` }),
      expect.objectContaining({
        action: 'proxy.request',
        status: 200,
        path: `/proxy/${setup.worker.providerKey}/chat.postMessage`,
        code: null,
      }),
    ]);

    // Slack retrying the click, or another click, forwards nothing more
    expect((await clickButton(t.baseUrl, setup.target, post, 'Approve', APPROVER)).status).toBeLessThan(300);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(upstream.count).toBe(1);
  });

  it('ignores a click by anyone but the approver: the request stays held', async () => {
    const setup = await guarded({ timeoutSeconds: 30 });
    const held = send(setup, '{"text":"hi"}');
    const post = await postedApproval(setup.channel);
    expect((await clickButton(t.baseUrl, setup.target, post, 'Approve', 'U_MALLORY')).status).toBeLessThan(
      300,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(upstream.count).toBe(0);
    expect((await interaction(setup, approvalIdOf(post))).status).toBe('PENDING');
    expect(
      (await answerApproval(t.baseUrl, setup.worker.org, setup.target, approvalIdOf(post), 'Deny', APPROVER))
        .status,
    ).toBe(200);
    expect((await held).status).toBe(403);
    expect(upstream.count).toBe(0);
  });

  it('answers 403 SECRET_PROXY.DENIED on Deny and sends nothing', async () => {
    const setup = await guarded();
    const held = send(setup, '{"text":"wire 10k"}');
    const post = await postedApproval(setup.channel);
    const answered = await answerApproval(
      t.baseUrl,
      setup.worker.org,
      setup.target,
      approvalIdOf(post),
      'Deny',
      APPROVER,
    );
    expect(answered.status).toBe(200);
    const answer = await held;
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('SECRET_PROXY.DENIED');
    expect(upstream.count).toBe(0);
    expect((await auditOf(setup)).map((entry) => [entry.action, entry.code])).toEqual([
      ['approval.requested', null],
      ['approval.answered', `denied by ${APPROVER}`],
      ['proxy.request', 'SECRET_PROXY.DENIED'],
    ]);
    expect(await interaction(setup, approvalIdOf(post))).toMatchObject({
      status: 'ANSWERED',
      answer: 'Deny',
    });
    // a question cannot take the approval's id over (and so reopen it)
    const takeover = await http(t.baseUrl, 'POST', `/v1/orgs/${setup.worker.org.id}/interactions`, {
      key: setup.worker.org.key,
      body: {
        id: approvalIdOf(post),
        integrationId: setup.target.integrationId,
        connectionId: setup.target.connectionId,
        expectedUserId: APPROVER,
        channel: setup.channel,
        question: 'Approve?',
        options: ['Approve'],
      },
    });
    expect(takeover.status).toBe(409);
    expect(takeover.body.error.code).toBe('INTERACTION.ID_IN_USE');
    expect(await interaction(setup, approvalIdOf(post))).toMatchObject({ kind: 'approval', answer: 'Deny' });
  });

  it('refuses an answer that is not one of the approval options (400) and keeps it open', async () => {
    const setup = await guarded({ timeoutSeconds: 30 });
    const held = send(setup, '{}');
    const post = await postedApproval(setup.channel);
    const id = approvalIdOf(post);
    const odd = await answerApproval(t.baseUrl, setup.worker.org, setup.target, id, 'Yes', APPROVER);
    expect(odd.status).toBe(400);
    expect((await interaction(setup, id)).status).toBe('PENDING');
    await answerApproval(t.baseUrl, setup.worker.org, setup.target, id, 'Deny', APPROVER);
    expect((await held).status).toBe(403);
  });

  it('answers 403 APPROVAL_TIMEOUT when nobody answers in time; a late Approve then forwards nothing', async () => {
    const setup = await guarded({ timeoutSeconds: 1 });
    const started = Date.now();
    const held = send(setup, '{"text":"late"}');
    const post = await postedApproval(setup.channel);
    const answer = await held;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('SECRET_PROXY.APPROVAL_TIMEOUT');
    expect((await auditOf(setup)).map((entry) => [entry.action, entry.code])).toEqual([
      ['approval.requested', null],
      ['approval.answered', 'timeout'],
      ['proxy.request', 'SECRET_PROXY.APPROVAL_TIMEOUT'],
    ]);
    const id = approvalIdOf(post);
    expect(await interaction(setup, id)).toMatchObject({
      status: 'EXPIRED',
      answer: 'timeout',
      answeredBy: null,
    });
    // the message no longer offers the buttons
    await waitUntil(
      async () => slack.callsTo('chat.update').filter((call) => call.body.channel === setup.channel).length,
      (count) => count >= 1,
    );
    const update = slack.callsTo('chat.update').find((call) => call.body.channel === setup.channel)!;
    expect(JSON.stringify(update.body.blocks)).toContain('nothing was sent');

    expect((await clickButton(t.baseUrl, setup.target, post, 'Approve', APPROVER)).status).toBeLessThan(300);
    const late = await answerApproval(t.baseUrl, setup.worker.org, setup.target, id, 'Approve', APPROVER);
    expect([404, 409]).toContain(late.status);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(upstream.count).toBe(0);
    expect((await interaction(setup, id)).answer).toBe('timeout');
  });

  it('lets exactly one of many concurrent answers win, and forwards at most once', async () => {
    const setup = await guarded({ timeoutSeconds: 30 });
    const held = send(setup, '{"text":"race"}');
    const post = await postedApproval(setup.channel);
    const id = approvalIdOf(post);
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, (_, index) =>
        answerApproval(
          t.baseUrl,
          setup.worker.org,
          setup.target,
          id,
          index % 2 ? 'Approve' : 'Deny',
          APPROVER,
        ),
      ),
      ...Array.from({ length: 5 }, (_, index) =>
        clickButton(t.baseUrl, setup.target, post, index % 2 ? 'Approve' : 'Deny', APPROVER),
      ),
    ]);
    const answered = answers.slice(0, 10);
    const winners = answered.filter((result) => result.status === 200).length;
    expect(winners).toBeLessThanOrEqual(1);
    expect(answered.filter((result) => result.status === 409)).toHaveLength(10 - winners);
    const answer = await held;
    const decided = await interaction(setup, id);
    expect(decided.status).toBe('ANSWERED');
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (decided.answer === 'Approve') {
      expect(answer.status).toBe(200);
      expect(upstream.count).toBe(1);
    } else {
      expect(answer.body.error.code).toBe('SECRET_PROXY.DENIED');
      expect(upstream.count).toBe(0);
    }
  });

  it('forwards nothing when the worker disconnects while held, and the approval shows it', async () => {
    const setup = await guarded({ timeoutSeconds: 30 });
    const controller = new AbortController();
    const held = proxyCall(t.baseUrl, setup.worker, setup.placeholder, {
      method: 'POST',
      path: '/chat.postMessage',
      body: '{"text":"going away"}',
      signal: controller.signal,
    }).catch((error: Error) => error);
    const post = await postedApproval(setup.channel);
    controller.abort();
    expect(await held).toMatchObject({ name: 'AbortError' });
    const id = approvalIdOf(post);
    const closed = await waitUntil(
      () => interaction(setup, id),
      (view) => view.status !== 'PENDING',
    );
    expect(closed).toMatchObject({ status: 'EXPIRED', answer: 'abandoned', answeredBy: null });
    const entries = await waitUntil(
      () => auditOf(setup),
      (found) => found.some((entry) => entry.action === 'proxy.request'),
    );
    expect(entries).toEqual([
      expect.objectContaining({ action: 'approval.requested' }),
      expect.objectContaining({ action: 'approval.answered', code: 'abandoned' }),
      expect.objectContaining({
        action: 'proxy.request',
        status: 403,
        code: 'SECRET_PROXY.APPROVAL_ABANDONED',
      }),
    ]);
    const late = await answerApproval(t.baseUrl, setup.worker.org, setup.target, id, 'Approve', APPROVER);
    expect(late.status).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(upstream.count).toBe(0);
  });

  it('forwards calls the approval does not cover at once: GET, and paths it does not list', async () => {
    const setup = await guarded();
    expect(
      (await proxyCall(t.baseUrl, setup.worker, setup.placeholder, { path: '/chat.postMessage' })).status,
    ).toBe(200);
    expect((await send(setup, '{}', '/conversations.history')).status).toBe(200);
    expect(upstream.count).toBe(2);
    expect(postsTo(setup.channel)).toHaveLength(0);
  });

  it('holds a call allow permits, and refuses one it does not before asking anybody', async () => {
    const setup = await guarded(
      {},
      {
        allow: [
          { methods: ['GET', 'POST'], path: '/conversations.history' },
          { methods: ['POST'], path: '/chat.postMessage' },
        ],
      },
    );
    const refused = await send(setup, '{}', '/chat.delete');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('SECRET_PROXY.NOT_ALLOWED');
    expect(postsTo(setup.channel)).toHaveLength(0);
    const held = send(setup, '{}');
    const post = await postedApproval(setup.channel);
    await answerApproval(t.baseUrl, setup.worker.org, setup.target, approvalIdOf(post), 'Approve', APPROVER);
    expect((await held).status).toBe(200);
    expect(upstream.count).toBe(1);
  });

  it('answers 413 for a held body over INGRESS_MAX_BODY_BYTES without asking or sending', async () => {
    const small = await startApp({ LOG_LEVEL: 'info', INGRESS_MAX_BODY_BYTES: '4096' });
    try {
      const setup = await guarded({}, {}, small);
      const answer = await send(setup, 'x'.repeat(4097), '/chat.postMessage', small);
      expect(answer.status).toBe(413);
      expect(postsTo(setup.channel)).toHaveLength(0);
      expect(upstream.count).toBe(0);
      // a body of exactly the limit is held as usual
      const held = send(setup, 'x'.repeat(4096), '/chat.postMessage', small);
      const post = await postedApproval(setup.channel);
      await answerApproval(
        small.baseUrl,
        setup.worker.org,
        setup.target,
        approvalIdOf(post),
        'Approve',
        APPROVER,
      );
      expect((await held).status).toBe(200);
      expect(upstream.last().bodyBytes).toBe(4096);
    } finally {
      await small.close();
    }
  });

  it('answers 502 INTERACTION.POST_FAILED when the approval cannot be posted, and sends nothing', async () => {
    const setup = await guarded();
    slack.reset('ok_false');
    const answer = await send(setup, '{}');
    expect(answer.status).toBe(502);
    expect(answer.body.error.code).toBe('INTERACTION.POST_FAILED');
    expect(upstream.count).toBe(0);
    const rows = await sql(`SELECT 1 FROM pending_interactions WHERE organization_id = $1`, [
      setup.worker.org.id,
    ]);
    expect(rows).toHaveLength(0);
  });

  it('keeps 50 held requests from blocking other proxied traffic', async () => {
    const setup = await guarded({ timeoutSeconds: 60 });
    const helds: Array<Promise<RawAnswer>> = [];
    for (let n = 0; n < 50; n++) helds.push(send(setup, JSON.stringify({ n })));
    const posts = await waitUntil(
      async () => slack.callsTo('chat.postMessage').filter((call) => call.body.channel === setup.channel),
      (found) => found.length === 50,
      { timeoutMs: 30_000 },
    );
    expect(posts).toHaveLength(50);
    const metrics = await waitUntil(
      async () => (await http(t.baseUrl, 'GET', '/metrics')).text,
      (text) => /^secret_proxy_held_requests 50$/m.test(text),
    );
    expect(metrics).toMatch(/^secret_proxy_held_requests 50$/m);
    // unrelated calls (reads, which the approval does not cover) all complete while the 50 wait
    const started = Date.now();
    const reads = await Promise.all(
      Array.from({ length: 100 }, () =>
        proxyCall(t.baseUrl, setup.worker, setup.placeholder, { path: '/items' }),
      ),
    );
    console.log(`[held requests] 100 unrelated calls alongside 50 held ones: ${Date.now() - started} ms`);
    expect(reads.map((read) => read.status)).toEqual(Array(100).fill(200));
    expect(upstream.count).toBe(100);
    await Promise.all(
      posts.map((post) =>
        answerApproval(t.baseUrl, setup.worker.org, setup.target, approvalIdOf(post), 'Deny', APPROVER),
      ),
    );
    const answers = await Promise.all(helds);
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(403));
    expect(upstream.count).toBe(100);
    expect((await http(t.baseUrl, 'GET', '/metrics')).text).toMatch(/^secret_proxy_held_requests 0$/m);
  });

  describe('placeholder creation', () => {
    it('answers the approval with its defaults written out', async () => {
      const worker = await createGuardedWorker(t.baseUrl, {
        apiBaseUrl: upstream.url,
        tokenUrl: tokenEndpoint.url,
      });
      const target = await createApprovalTarget(t.baseUrl, worker.org, slack, tokenEndpoint.url);
      const created = await createPlaceholder(t.baseUrl, worker, {
        approval: {
          integrationId: target.integrationId,
          connectionId: target.connectionId,
          channel: 'C1',
          approverUserId: 'U1',
        },
      });
      expect(created.status).toBe(201);
      expect(created.body.approval).toEqual({
        integrationId: target.integrationId,
        connectionId: target.connectionId,
        channel: 'C1',
        approverUserId: 'U1',
        methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
        paths: null,
        timeoutSeconds: 120,
      });
      expect(created.body.allow).toBeNull();
    });

    it("answers 404 for another org's integration or connection, and 400 for bad settings", async () => {
      const worker = await createGuardedWorker(t.baseUrl, {
        apiBaseUrl: upstream.url,
        tokenUrl: tokenEndpoint.url,
      });
      const own = await createApprovalTarget(t.baseUrl, worker.org, slack, tokenEndpoint.url);
      const other = await createGuardedWorker(t.baseUrl, {
        apiBaseUrl: upstream.url,
        tokenUrl: tokenEndpoint.url,
      });
      const foreign = await createApprovalTarget(t.baseUrl, other.org, slack, tokenEndpoint.url);
      const approval = {
        integrationId: own.integrationId,
        connectionId: own.connectionId,
        channel: 'C1',
        approverUserId: 'U1',
      };
      const attempt = (overrides: Record<string, unknown>) =>
        createPlaceholder(t.baseUrl, worker, { approval: { ...approval, ...overrides } });
      expect((await attempt({ integrationId: foreign.integrationId })).status).toBe(404);
      expect((await attempt({ connectionId: foreign.connectionId })).status).toBe(404);
      expect((await attempt({ timeoutSeconds: 901 })).status).toBe(400);
      expect((await attempt({ timeoutSeconds: 0 })).status).toBe(400);
      expect((await attempt({ methods: ['FETCH'] })).status).toBe(400);
      expect((await attempt({ paths: ['no-slash'] })).status).toBe(400);
      expect((await attempt({ channel: '' })).status).toBe(400);
      // a connection whose provider names no API cannot post an approval anywhere
      const noApi = await createProvider(t.baseUrl, worker.org, { tokenUrl: tokenEndpoint.url });
      const connection = await importConnection(t.baseUrl, worker.org, noApi.key, {
        accessToken: `a-${randomUUID()}`,
      });
      const refused = await attempt({ connectionId: connection.id });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('INTERACTION.NO_CHAT_API');
      const listed = await http(
        t.baseUrl,
        'GET',
        `/v1/orgs/${worker.org.id}/agents/${worker.agentId}/placeholders`,
        {
          key: worker.org.key,
        },
      );
      expect(listed.body.items).toEqual([]);
    });
  });
});
