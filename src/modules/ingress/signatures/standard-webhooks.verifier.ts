import { decodeStandardWebhooksSecret } from '../../../shared/standard-webhooks-secret';
import {
  accepted,
  header,
  hmac,
  isFresh,
  macMatches,
  rejected,
  SignatureVerifier,
  SignedRequest,
  Verification,
} from './signature-verifier';

/**
 * `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` per https://www.standardwebhooks.com; the secret
 * is one plugboard generated (`whsec_<base64>`), so it always decodes.
 */
export function signStandardWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: string | Buffer,
): string {
  const key = decodeStandardWebhooksSecret(secret);
  if (!key) throw new Error('Standard Webhooks signing secret does not decode');
  return `v1,${hmac('sha256', key, [`${id}.${timestamp}.`, body]).toString('base64')}`;
}

/** webhook-id / webhook-timestamp / webhook-signature; several space-separated signatures may be sent. */
export class StandardWebhooksVerifier implements SignatureVerifier {
  verify({ headers, rawBody, secret, now }: SignedRequest): Verification {
    const id = header(headers, 'webhook-id');
    const timestamp = header(headers, 'webhook-timestamp');
    const signatures = header(headers, 'webhook-signature');
    if (!secret || !id || !timestamp || !signatures) return rejected('missing webhook-* headers');
    if (!isFresh(timestamp, now)) return rejected('timestamp outside the tolerance window');
    // read as the senders' libraries read it; an empty key (a bare `whsec_`) would let anyone sign
    const key = decodeStandardWebhooksSecret(secret);
    if (!key) return rejected('secret is not a Standard Webhooks secret');
    const expected = hmac('sha256', key, [`${id}.${timestamp}.`, rawBody]);
    const matches = signatures
      .split(' ')
      .map((entry) => entry.split(','))
      .some(
        ([version, signature]) =>
          version === 'v1' && !!signature && macMatches(expected, signature, 'base64'),
      );
    return matches ? accepted : rejected('no matching v1 signature');
  }
}
