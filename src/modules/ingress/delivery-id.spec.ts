import { bodyRepeatKey, DeliveryIdInput, providerDeliveryId } from './delivery-id';

const base: DeliveryIdInput = {
  scheme: 'none',
  pluginId: 'generic',
  instanceId: 'main',
  route: 'events',
  headers: {},
  rawBody: Buffer.from('{"a":1}'),
  payload: { a: 1 },
};

describe('providerDeliveryId', () => {
  it.each([
    ['standard-webhooks', { 'webhook-id': 'msg_1' }, {}, 'msg_1'],
    ['github', { 'x-github-delivery': '72d3162e-cc78' }, {}, '72d3162e-cc78'],
    ['shopify', { 'x-shopify-webhook-id': 'b54557e4' }, {}, 'b54557e4'],
    ['stripe', {}, { id: 'evt_1' }, 'evt_1'],
    ['slack', {}, { event_id: 'Ev123' }, 'Ev123'],
    ['none', { 'idempotency-key': 'key-1' }, {}, 'key-1'],
  ] as const)('uses the %s provider’s own id', (scheme, headers, payload, expected) => {
    expect(providerDeliveryId({ ...base, scheme, headers, payload })).toBe(expected);
  });

  it('hashes plugin, instance, route and body when the provider sends no id', () => {
    const id = providerDeliveryId(base);
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(providerDeliveryId({ ...base, headers: { 'x-request-time': String(Date.now()) } })).toBe(id);
  });

  it('gives a different id for a different body, route, instance or plugin', () => {
    const id = providerDeliveryId(base);
    expect(providerDeliveryId({ ...base, rawBody: Buffer.from('{"a":2}') })).not.toBe(id);
    expect(providerDeliveryId({ ...base, route: 'other' })).not.toBe(id);
    expect(providerDeliveryId({ ...base, instanceId: 'other' })).not.toBe(id);
    expect(providerDeliveryId({ ...base, pluginId: 'other' })).not.toBe(id);
  });

  it('does not let fields run together (a·bc differs from ab·c)', () => {
    expect(providerDeliveryId({ ...base, pluginId: 'a', instanceId: 'bc' })).not.toBe(
      providerDeliveryId({ ...base, pluginId: 'ab', instanceId: 'c' }),
    );
  });

  it('ignores Idempotency-Key on a signed scheme: it is not signed, a replay could bring a fresh one', () => {
    const signed = { ...base, scheme: 'slack' as const, headers: { 'idempotency-key': 'fresh-1' } };
    expect(providerDeliveryId(signed)).toMatch(/^sha256:/);
    expect(providerDeliveryId({ ...signed, headers: { 'idempotency-key': 'fresh-2' } })).toBe(
      providerDeliveryId(signed),
    );
  });

  it('keys the body of untimed schemes (GitHub, Shopify) for the 24 h repeat rule, and no other', () => {
    const body = Buffer.from('{"action":"opened"}');
    expect(bodyRepeatKey('github', body)).toMatch(/^[0-9a-f]{64}$/);
    expect(bodyRepeatKey('shopify', body)).toBe(bodyRepeatKey('github', body));
    for (const scheme of ['none', 'slack', 'stripe', 'standard-webhooks'] as const)
      expect(bodyRepeatKey(scheme, body)).toBeNull();
  });

  it('falls back to the hash for a Slack interactive payload, which has no event_id', () => {
    expect(providerDeliveryId({ ...base, scheme: 'slack', payload: { type: 'block_actions' } })).toMatch(
      /^sha256:/,
    );
  });
});
