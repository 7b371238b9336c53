import { startApp, TestApp } from '../support/app';
import { http } from '../support/http';
import { seedOrg } from '../support/seed';
import { WebhookReceiver } from '../support/webhook-receiver';

/** A first-time user's local receiver, with plugboard's default refusal of private addresses. */
describe('a delivery URL on a private address (ALLOW_PRIVATE_UPSTREAMS unset)', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    t = await startApp({ ALLOW_PRIVATE_UPSTREAMS: 'false' });
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  it('warns in the create answer and the log, and the dead delivery says what to do; the receiver is never called', async () => {
    const org = await seedOrg(t.baseUrl);
    const created = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/integrations`, {
      key: org.key,
      body: { name: 'local', plugin: 'generic', deliveryUrl: receiver.url(), ingress: { scheme: 'none' } },
    });
    expect(created.status).toBe(201);
    expect(created.body.warnings).toEqual([expect.stringContaining('ALLOW_PRIVATE_UPSTREAMS=true')]);
    expect(created.body.warnings[0]).toContain('plugboard listen');
    expect(t.logs.messages()).toContainEqual(created.body.warnings[0]);

    const accepted = await http(t.baseUrl, 'POST', `/ingress/generic/${created.body.instanceId}/orders`, {
      body: { order: 1 },
    });
    expect(accepted.status).toBe(202);
    const id = accepted.body.deliveryId as string;
    let delivery = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/ingress/deliveries/${id}`, {
      key: org.key,
    });
    for (let waited = 0; delivery.body.status !== 'DEAD' && waited < 10_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      delivery = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/ingress/deliveries/${id}`, {
        key: org.key,
      });
    }
    expect(delivery.body.status).toBe('DEAD');
    expect(delivery.body.lastError).toContain('private address');
    expect(delivery.body.lastError).toContain('ALLOW_PRIVATE_UPSTREAMS=true');
    expect(delivery.body.lastError).toContain('plugboard listen');
    expect(receiver.received).toEqual([]);
  });

  it('answers an empty warnings list for a public delivery URL', async () => {
    const org = await seedOrg(t.baseUrl);
    const created = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/integrations`, {
      key: org.key,
      body: {
        name: 'public',
        plugin: 'generic',
        deliveryUrl: 'https://agents.example.com/hooks',
        ingress: { scheme: 'none' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.warnings).toEqual([]);
  });
});
