import { decodeStandardWebhooksSecret } from '../../shared/standard-webhooks-secret';
import { IngressScheme } from './integration.types';

/** Below this, a signing key can be guessed; Standard Webhooks counts decoded bytes, others characters. */
export const MIN_INGRESS_SECRET_BYTES = 16;
export const MIN_INGRESS_SECRET_CHARACTERS = 16;

/** Why a provider's signing secret is too weak to verify anything, or null when it will do. */
export function ingressSecretProblem(scheme: IngressScheme, secret: string): string | null {
  if (scheme === 'none') return null;
  if (scheme === 'standard-webhooks') {
    const key = decodeStandardWebhooksSecret(secret);
    if (!key) {
      return 'secret must be whsec_<base64> or bare standard base64, as Standard Webhooks libraries read it';
    }
    return key.length < MIN_INGRESS_SECRET_BYTES
      ? `secret must decode to at least ${MIN_INGRESS_SECRET_BYTES} bytes`
      : null;
  }
  return secret.length < MIN_INGRESS_SECRET_CHARACTERS
    ? `secret must be at least ${MIN_INGRESS_SECRET_CHARACTERS} characters for scheme ${scheme}`
    : null;
}
