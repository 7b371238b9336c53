import Stripe from 'stripe';
import { StripeVerifier } from './stripe.verifier';

const stripe = new Stripe('sk_test_placeholder');
const verifier = new StripeVerifier();
const secret = 'whsec_stripe_test_secret';
const payload = JSON.stringify({ id: 'evt_123', object: 'event', type: 'invoice.paid' });

function signed(options: { timestamp?: number; secret?: string } = {}) {
  return stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? secret,
    timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
  });
}

describe('StripeVerifier', () => {
  it('accepts a header made by stripe’s generateTestHeaderString', () => {
    const result = verifier.verify({
      headers: { 'stripe-signature': signed() },
      rawBody: Buffer.from(payload),
      secret,
      now: new Date(),
    });
    expect(result).toEqual({ ok: true });
  });

  it('rejects another secret, a tampered body and a stale timestamp', () => {
    const now = new Date();
    expect(
      verifier.verify({
        headers: { 'stripe-signature': signed({ secret: 'whsec_other' }) },
        rawBody: Buffer.from(payload),
        secret,
        now,
      }).ok,
    ).toBe(false);
    expect(
      verifier.verify({
        headers: { 'stripe-signature': signed() },
        rawBody: Buffer.from(payload + ' '),
        secret,
        now,
      }).ok,
    ).toBe(false);
    const stale = Math.floor(now.getTime() / 1000) - 301;
    expect(
      verifier.verify({
        headers: { 'stripe-signature': signed({ timestamp: stale }) },
        rawBody: Buffer.from(payload),
        secret,
        now,
      }).ok,
    ).toBe(false);
  });

  it('rejects a missing or malformed header', () => {
    const base = { rawBody: Buffer.from(payload), secret, now: new Date() };
    expect(verifier.verify({ ...base, headers: {} }).ok).toBe(false);
    expect(verifier.verify({ ...base, headers: { 'stripe-signature': 'v1=zz' } }).ok).toBe(false);
  });
});
