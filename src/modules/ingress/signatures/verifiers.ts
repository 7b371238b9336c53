import type { IngressScheme } from '../../integrations';
import { GithubVerifier } from './github.verifier';
import { NoneVerifier } from './none.verifier';
import { ShopifyVerifier } from './shopify.verifier';
import { SignatureVerifier } from './signature-verifier';
import { SlackVerifier } from './slack.verifier';
import { StandardWebhooksVerifier } from './standard-webhooks.verifier';
import { StripeVerifier } from './stripe.verifier';

const VERIFIERS: Record<IngressScheme, SignatureVerifier> = {
  'standard-webhooks': new StandardWebhooksVerifier(),
  stripe: new StripeVerifier(),
  github: new GithubVerifier(),
  slack: new SlackVerifier(),
  shopify: new ShopifyVerifier(),
  none: new NoneVerifier(),
};

export function verifierFor(scheme: IngressScheme): SignatureVerifier {
  return VERIFIERS[scheme];
}
