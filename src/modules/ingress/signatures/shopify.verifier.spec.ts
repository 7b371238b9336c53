import { createHmac } from 'node:crypto';
import { ShopifyVerifier } from './shopify.verifier';

const verifier = new ShopifyVerifier();
const secret = 'shopify-app-secret';
const payload = JSON.stringify({ id: 820982911946154500, email: 'jon@example.com' });

// Shopify's documented algorithm: base64(HMAC-SHA256(app secret, raw body)).
const shopifyHmac = (body: string, key = secret) => createHmac('sha256', key).update(body).digest('base64');

describe('ShopifyVerifier', () => {
  it('accepts X-Shopify-Hmac-Sha256 computed per Shopify’s documentation', () => {
    const result = verifier.verify({
      headers: { 'x-shopify-hmac-sha256': shopifyHmac(payload) },
      rawBody: Buffer.from(payload),
      secret,
      now: new Date(),
    });
    expect(result).toEqual({ ok: true });
  });

  it('rejects another secret, a tampered body and a missing header', () => {
    const now = new Date();
    const rawBody = Buffer.from(payload);
    expect(
      verifier.verify({
        headers: { 'x-shopify-hmac-sha256': shopifyHmac(payload, 'x') },
        rawBody,
        secret,
        now,
      }).ok,
    ).toBe(false);
    expect(
      verifier.verify({
        headers: { 'x-shopify-hmac-sha256': shopifyHmac(payload) },
        rawBody: Buffer.from('{}'),
        secret,
        now,
      }).ok,
    ).toBe(false);
    expect(verifier.verify({ headers: {}, rawBody, secret, now }).ok).toBe(false);
  });
});
