import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { signStandardWebhook, StandardWebhooksVerifier } from './standard-webhooks.verifier';

// The published test vector of the Standard Webhooks specification (libraries' shared test suite).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const verifier = new StandardWebhooksVerifier();
const at = (seconds: number) => new Date(seconds * 1000);
const headersFor = (id: string, timestamp: number, signature: string) => ({
  'webhook-id': id,
  'webhook-timestamp': String(timestamp),
  'webhook-signature': signature,
});

describe('StandardWebhooksVerifier', () => {
  it('signs the specification’s test vector to its published signature', () => {
    expect(signStandardWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.payload)).toBe(
      VECTOR.signature,
    );
  });

  it('accepts the specification’s test vector', () => {
    const result = verifier.verify({
      headers: headersFor(VECTOR.id, VECTOR.timestamp, VECTOR.signature),
      rawBody: Buffer.from(VECTOR.payload),
      secret: VECTOR.secret,
      now: at(VECTOR.timestamp + 10),
    });
    expect(result).toEqual({ ok: true });
  });

  it('accepts when one of several space-separated signatures matches', () => {
    const result = verifier.verify({
      headers: headersFor(VECTOR.id, VECTOR.timestamp, `v1,bm90LWl0 v2,abc ${VECTOR.signature}`),
      rawBody: Buffer.from(VECTOR.payload),
      secret: VECTOR.secret,
      now: at(VECTOR.timestamp),
    });
    expect(result.ok).toBe(true);
  });

  it('rejects a tampered body', () => {
    const result = verifier.verify({
      headers: headersFor(VECTOR.id, VECTOR.timestamp, VECTOR.signature),
      rawBody: Buffer.from('{"test": 2432232315}'),
      secret: VECTOR.secret,
      now: at(VECTOR.timestamp),
    });
    expect(result.ok).toBe(false);
  });

  it('rejects a timestamp more than five minutes old or ahead', () => {
    const request = {
      headers: headersFor(VECTOR.id, VECTOR.timestamp, VECTOR.signature),
      rawBody: Buffer.from(VECTOR.payload),
      secret: VECTOR.secret,
    };
    expect(verifier.verify({ ...request, now: at(VECTOR.timestamp + 301) }).ok).toBe(false);
    expect(verifier.verify({ ...request, now: at(VECTOR.timestamp - 301) }).ok).toBe(false);
    expect(verifier.verify({ ...request, now: at(VECTOR.timestamp + 299) }).ok).toBe(true);
  });

  it('rejects a signature made with another secret, a changed id and missing headers', () => {
    const base = { rawBody: Buffer.from(VECTOR.payload), now: at(VECTOR.timestamp) };
    expect(
      verifier.verify({
        ...base,
        headers: headersFor(VECTOR.id, VECTOR.timestamp, VECTOR.signature),
        secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      }).ok,
    ).toBe(false);
    expect(
      verifier.verify({
        ...base,
        headers: headersFor('msg_other', VECTOR.timestamp, VECTOR.signature),
        secret: VECTOR.secret,
      }).ok,
    ).toBe(false);
    expect(verifier.verify({ ...base, headers: {}, secret: VECTOR.secret }).ok).toBe(false);
  });

  it('interoperates with the standardwebhooks library in both directions', () => {
    const secret = 'whsec_' + Buffer.alloc(24, 9).toString('base64');
    const library = new Webhook(secret);
    const now = new Date();
    const payload = '{"hello":"world"}';
    const signature = library.sign('msg_1', now, payload);
    expect(
      verifier.verify({
        headers: headersFor('msg_1', Math.floor(now.getTime() / 1000), signature),
        rawBody: Buffer.from(payload),
        secret,
        now,
      }).ok,
    ).toBe(true);
    const timestamp = Math.floor(now.getTime() / 1000);
    const ours = signStandardWebhook(secret, 'msg_2', timestamp, payload);
    expect(library.verify(payload, headersFor('msg_2', timestamp, ours))).toEqual({ hello: 'world' });
  });

  it('reads a secret without the whsec_ prefix as base64, as the library does', () => {
    const bare = Buffer.alloc(32, 3).toString('base64');
    const now = new Date();
    const timestamp = Math.floor(now.getTime() / 1000);
    const signature = new Webhook(bare).sign('msg_bare', now, VECTOR.payload);
    const request = {
      headers: headersFor('msg_bare', timestamp, signature),
      rawBody: Buffer.from(VECTOR.payload),
      now,
    };
    expect(verifier.verify({ ...request, secret: bare }).ok).toBe(true);
    expect(verifier.verify({ ...request, secret: `whsec_${bare}` }).ok).toBe(true);
  });

  it('rejects everything for a secret that decodes to no key (a bare whsec_ would let anyone sign)', () => {
    const now = new Date();
    const timestamp = Math.floor(now.getTime() / 1000);
    const emptyKeySignature = `v1,${createHmac('sha256', Buffer.alloc(0)).update(`msg_1.${timestamp}.{}`).digest('base64')}`;
    const result = verifier.verify({
      headers: headersFor('msg_1', timestamp, emptyKeySignature),
      rawBody: Buffer.from('{}'),
      secret: 'whsec_',
      now,
    });
    expect(result.ok).toBe(false);
  });
});
