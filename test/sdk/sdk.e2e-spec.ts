import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  DeliveryEvent,
  DeliveryVerificationError,
  paginate,
  Plugboard,
  PlugboardApiError,
  PlugboardNetworkError,
  verifyDelivery,
} from '@plugboard/sdk';
import { AuditRecorder } from '../../src/modules/audit';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { http } from '../support/http';
import { registerSecret } from '../support/secrets-audit';
import { seedConnection } from '../support/seed';

/** A receiver written as the SDK's README shows it: raw body, verifyDelivery, 401 on failure. */
class SdkReceiver {
  readonly events: DeliveryEvent[] = [];
  rejected = 0;
  status = 204;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(secret: () => string): Promise<SdkReceiver> {
    const holder: { receiver?: SdkReceiver } = {};
    const server = createServer(async (request, response) => {
      const receiver = holder.receiver as SdkReceiver;
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      try {
        const event = verifyDelivery(request.headers, Buffer.concat(chunks), secret());
        if (receiver.status < 300) receiver.events.push(event);
        response.writeHead(receiver.status).end();
      } catch (error) {
        if (!(error instanceof DeliveryVerificationError)) throw error;
        receiver.rejected += 1;
        response.writeHead(401).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.receiver = new SdkReceiver(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    );
    return holder.receiver;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function waitFor(predicate: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await predicate())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function expectApiError(
  call: Promise<unknown>,
  status: number,
  code: string,
): Promise<PlugboardApiError> {
  const error = await call.then(
    () => undefined,
    (cause: unknown) => cause,
  );
  expect(error).toBeInstanceOf(PlugboardApiError);
  const apiError = error as PlugboardApiError;
  expect([apiError.status, apiError.code]).toEqual([status, code]);
  expect(apiError.requestId).toMatch(/\S+/);
  return apiError;
}

describe('@plugboard/sdk against a running plugboard', () => {
  let t: TestApp;
  let operator: Plugboard;
  let pb: Plugboard;
  let orgId: string;
  let pbKey: string;
  beforeAll(async () => {
    t = await startApp();
    operator = new Plugboard({ baseUrl: t.baseUrl, apiKey: TEST_ADMIN_KEY });
    const org = await operator.orgs.create({ name: `sdk-${randomUUID().slice(0, 8)}` });
    const key = await operator.apiKeys.create({ orgId: org.id, body: { name: 'sdk' } });
    registerSecret(key.key);
    pbKey = key.key;
    const me = await new Plugboard({ baseUrl: t.baseUrl, apiKey: key.key }).me();
    if (me.type !== 'org') throw new Error('an org key answered as the operator');
    orgId = me.orgId;
    pb = new Plugboard({ baseUrl: t.baseUrl, apiKey: key.key, orgId });
  });
  afterAll(async () => {
    await t.close();
  });

  it('orgs and API keys: create, list through the cursor, get, delete a key', async () => {
    const names = [1, 2, 3].map((n) => `sdk-list-${n}-${randomUUID().slice(0, 6)}`);
    const created = [];
    for (const name of names) created.push(await operator.orgs.create({ name }));
    const seen: string[] = [];
    for await (const org of operator.orgs.list({ limit: 2 })) {
      seen.push(org.id);
      if (created.every((one) => seen.includes(one.id))) break;
    }
    expect(seen).toEqual(expect.arrayContaining(created.map((org) => org.id)));
    expect(await operator.orgs.get({ orgId: created[0].id })).toMatchObject({ name: names[0] });
    expect(await pb.orgs.get()).toMatchObject({ id: orgId });

    const key = await operator.apiKeys.create({ orgId: created[0].id, body: {} });
    registerSecret(key.key);
    expect(await new Plugboard({ baseUrl: t.baseUrl, apiKey: key.key }).me()).toEqual({
      type: 'org',
      orgId: created[0].id,
      keyId: key.id,
    });
    await operator.apiKeys.delete({ orgId: created[0].id, id: key.id });
    await expectApiError(
      operator.apiKeys.delete({ orgId: created[0].id, id: key.id }),
      404,
      'API_KEY.NOT_FOUND',
    );
  });

  it('providers and connections: create, list, get, update, delete; the access token of an import', async () => {
    const clientSecret = `sdk-secret-${randomUUID()}`;
    registerSecret(clientSecret);
    const provider = await pb.providers.create({
      body: {
        key: `p-${randomUUID().slice(0, 8)}`,
        authorizeUrl: 'http://127.0.0.1:9/authorize',
        tokenUrl: 'http://127.0.0.1:9/token',
        clientId: 'sdk-client',
        clientSecret,
        scopes: ['read'],
      },
    });
    expect(JSON.stringify(provider)).not.toContain(clientSecret);
    expect((await pb.providers.list().toArray()).map((row) => row.id)).toContain(provider.id);
    expect(await pb.providers.get({ id: provider.id })).toMatchObject({ key: provider.key });
    const updated = await pb.providers.update({ id: provider.id, body: { scopes: ['read', 'write'] } });
    expect(updated.scopes).toEqual(['read', 'write']);

    const accessToken = `sdk-access-${randomUUID()}`;
    registerSecret(accessToken);
    const connection = await pb.connections.create({
      body: { provider: provider.key, tokens: { accessToken, expiresIn: 3600 } },
    });
    expect(connection.status).toBe('ACTIVE');
    expect((await pb.connections.list().toArray()).map((row) => row.id)).toEqual([connection.id]);
    expect(await pb.connections.get({ id: connection.id })).toMatchObject({ provider: provider.key });
    expect((await pb.connections.accessToken({ id: connection.id })).accessToken).toBe(accessToken);

    await pb.connections.delete({ id: connection.id });
    await expectApiError(pb.connections.get({ id: connection.id }), 404, 'CONNECTION.NOT_FOUND');
    await pb.providers.delete({ id: provider.id });
    await expectApiError(pb.providers.get({ id: provider.id }), 404, 'PROVIDER.NOT_FOUND');
  });

  it('agents, worker tokens, placeholders and conversations: create, list and delete', async () => {
    const agent = await pb.agents.create({ body: { name: 'sdk-bot' } });
    const token = await pb.agents.createWorkerToken({ agentId: agent.id, body: { ttlSeconds: 60 } });
    registerSecret(token.token);
    expect(token.token).toMatch(/^pbw_/);
    const connection = await seedConnection(t.baseUrl, { id: orgId, name: '', key: pbKey });
    const placeholder = await pb.agents.createPlaceholder({
      agentId: agent.id,
      body: { connectionId: connection },
    });
    expect(placeholder.placeholder).toMatch(/^pb_secret_/);
    const integration = await pb.integrations.create({
      body: {
        name: 'c',
        plugin: 'generic',
        deliveryUrl: 'http://127.0.0.1:9/x',
        ingress: { scheme: 'none' },
      },
    });
    registerSecret(integration.deliverySecret);
    const mapping = {
      integrationId: integration.id,
      externalConversationId: `ext-${randomUUID()}`,
      conversationId: randomUUID(),
    };
    await pb.conversations.map({ body: mapping });
    const conversations = await pb.conversations.list({ integrationId: integration.id }).toArray();
    expect(conversations).toEqual([expect.objectContaining(mapping)]);
    await pb.agents.delete({ agentId: agent.id });
    await expectApiError(
      pb.agents.createWorkerToken({ agentId: agent.id, body: {} }),
      404,
      'AGENT.NOT_FOUND',
    );
  });

  it('audit: lists the ledger newest first, filtered, walking every page', async () => {
    const agent = await pb.agents.create({ body: { name: 'sdk-audited' } });
    for (let i = 0; i < 3; i++) {
      const token = await pb.agents.createWorkerToken({ agentId: agent.id, body: {} });
      registerSecret(token.token);
    }
    await t.app.get(AuditRecorder).flush();
    const entries = await pb.audit
      .list({ action: 'worker_token.created', agentId: agent.id, limit: 2 })
      .toArray();
    expect(entries).toHaveLength(3);
    expect(entries.map((entry) => entry.actor.type)).toEqual(['apiKey', 'apiKey', 'apiKey']);
    expect(Date.parse(entries[0].at)).toBeGreaterThanOrEqual(Date.parse(entries[2].at));
  });

  it('integrations and deliveries: push to a receiver that verifies with verifyDelivery, cursors, redriveAll', async () => {
    let secret = '';
    const receiver = await SdkReceiver.start(() => secret);
    try {
      const integration = await pb.integrations.create({
        body: { name: 'sdk', plugin: 'generic', deliveryUrl: receiver.url, ingress: { scheme: 'none' } },
      });
      secret = integration.deliverySecret;
      registerSecret(secret);
      expect(secret).toMatch(/^whsec_/);
      expect((await pb.integrations.list().toArray()).map((row) => row.id)).toContain(integration.id);
      expect(await pb.integrations.get({ id: integration.id })).not.toHaveProperty('deliverySecret');

      // the receiver refuses with 400: each delivery is dead-lettered at once
      receiver.status = 400;
      const ingress = `/ingress/generic/${integration.instanceId}/orders`;
      for (let n = 0; n < 5; n += 1) {
        const answer = await http(t.baseUrl, 'POST', ingress, { body: { order: n } });
        expect(answer.status).toBe(202);
      }
      await waitFor(async () => (await pb.deliveries.list({ status: 'DEAD' }).toArray()).length === 5);

      const pages = [];
      for await (const page of pb.deliveries.list({ integrationId: integration.id, limit: 2 }).pages()) {
        pages.push(page.items.length);
      }
      expect(pages).toEqual([2, 2, 1]);
      const viaHelper = await paginate(pb.api.listDeliveries, { orgId, limit: 3 }).toArray();
      expect(viaHelper).toHaveLength(5);
      const one = await pb.deliveries.get({ id: viaHelper[0].id });
      expect(one).toMatchObject({ status: 'DEAD', route: 'orders' });

      receiver.status = 204;
      const reports: number[] = [];
      const summary = await pb.deliveries.redriveAll({
        integrationId: integration.id,
        onProgress: (progress) => reports.push(progress.handled),
      });
      expect(summary).toMatchObject({ handled: 5, failed: 0 });
      expect(reports.length).toBeGreaterThanOrEqual(1);
      await waitFor(() => receiver.events.length === 5);
      expect(receiver.rejected).toBe(0);
      expect(receiver.events.map((event) => event.type)).toEqual(Array(5).fill('ingress.delivery'));
      const orders = receiver.events.map((event) =>
        event.type === 'ingress.delivery' ? event.payload : null,
      );
      expect(orders).toEqual(expect.arrayContaining([0, 1, 2, 3, 4].map((order) => ({ order }))));

      const disabled = await pb.integrations.update({ id: integration.id, body: { status: 'DISABLED' } });
      expect(disabled.status).toBe('DISABLED');
      await pb.integrations.delete({ id: integration.id });
      await expectApiError(pb.integrations.get({ id: integration.id }), 404, 'INTEGRATION.NOT_FOUND');
    } finally {
      await receiver.close();
    }
  });

  it('throws typed errors carrying status, code and the request id of the log line', async () => {
    const missing = await expectApiError(
      pb.integrations.get({ id: randomUUID() }),
      404,
      'INTEGRATION.NOT_FOUND',
    );
    expect(missing.message).toBe('Integration not found');
    await expectApiError(pb.orgs.create({ name: 'nope' }), 403, 'AUTH.FORBIDDEN');
    await expectApiError(
      new Plugboard({ baseUrl: t.baseUrl, apiKey: 'pbk_wrong' }).me(),
      401,
      'AUTH.UNAUTHENTICATED',
    );
    const invalid = await expectApiError(
      pb.integrations.create({
        body: {
          name: 'x',
          plugin: 'BAD SLUG',
          deliveryUrl: 'http://127.0.0.1:9/x',
          ingress: { scheme: 'none' },
        },
      }),
      400,
      'REQUEST.INVALID',
    );
    expect(invalid.message).toContain('plugin');
    const unreachable = new Plugboard({ baseUrl: 'http://127.0.0.1:9', apiKey: TEST_ADMIN_KEY });
    await expect(unreachable.me()).rejects.toBeInstanceOf(PlugboardNetworkError);
    expect(() => new Plugboard({ baseUrl: t.baseUrl, apiKey: TEST_ADMIN_KEY }).integrations.list()).toThrow(
      'orgId is required',
    );
  });

  it('verifyDelivery refuses a changed body, a wrong secret and missing headers', () => {
    const secret = `whsec_${Buffer.alloc(24, 9).toString('base64')}`;
    const body = JSON.stringify({ type: 'ingress.delivery', deliveryId: 'd1' });
    const id = 'msg_1';
    const timestamp = Math.floor(Date.now() / 1000);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Webhook } = require('standardwebhooks') as typeof import('standardwebhooks');
    const signature = new Webhook(secret).sign(id, new Date(timestamp * 1000), body);
    const headers = new Headers({
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': `v1,bogus ${signature}`,
    });
    expect(verifyDelivery(headers, body, secret)).toEqual({ type: 'ingress.delivery', deliveryId: 'd1' });
    expect(() => verifyDelivery(headers, `${body} `, secret)).toThrow(DeliveryVerificationError);
    expect(() => verifyDelivery(headers, body, `whsec_${Buffer.alloc(24, 1).toString('base64')}`)).toThrow(
      DeliveryVerificationError,
    );
    expect(() => verifyDelivery({ 'webhook-id': id }, body, secret)).toThrow(
      'Missing webhook-timestamp header',
    );
    expect(() => verifyDelivery(headers, body, '')).toThrow('No delivery secret to verify with');
  });
});
