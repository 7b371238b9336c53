import { sign as githubSign } from '@octokit/webhooks-methods';
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';

const stripe = new Stripe('sk_test_placeholder');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Provider-side signing, by the providers' own libraries where they publish one. */
export const signers = {
  standardWebhooks(
    secret: string,
    id: string,
    body: string,
    timestamp = nowSeconds(),
  ): Record<string, string> {
    const signature = new Webhook(secret).sign(id, new Date(timestamp * 1000), body);
    return {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
    };
  },
  stripe(secret: string, body: string, timestamp = nowSeconds()): Record<string, string> {
    return {
      'content-type': 'application/json',
      'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp }),
    };
  },
  async github(secret: string, body: string, deliveryId: string): Promise<Record<string, string>> {
    return {
      'content-type': 'application/json',
      'x-github-delivery': deliveryId,
      'x-github-event': 'issues',
      'x-hub-signature-256': await githubSign(secret, body),
    };
  },
  /** Slack documents the algorithm (v0:timestamp:body, hex HMAC-SHA256) and publishes no signing library. */
  slack(
    secret: string,
    body: string,
    timestamp = nowSeconds(),
    contentType = 'application/json',
  ): Record<string, string> {
    const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
    return {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': `v0=${signature}`,
    };
  },
  /** Shopify documents base64 HMAC-SHA256 of the raw body. */
  shopify(secret: string, body: string, webhookId: string): Record<string, string> {
    return {
      'content-type': 'application/json',
      'x-shopify-webhook-id': webhookId,
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64'),
    };
  },
};
