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

const SECRET_PREFIX = 'whsec_';

/** `whsec_<base64>` → key bytes; a secret without the prefix is used as raw bytes (as the spec allows). */
export function standardWebhooksKey(secret: string): Buffer {
  return secret.startsWith(SECRET_PREFIX)
    ? Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` per https://www.standardwebhooks.com. */
export function signStandardWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: string | Buffer,
): string {
  return `v1,${hmac('sha256', standardWebhooksKey(secret), [`${id}.${timestamp}.`, body]).toString('base64')}`;
}

/** webhook-id / webhook-timestamp / webhook-signature; several space-separated signatures may be sent. */
export class StandardWebhooksVerifier implements SignatureVerifier {
  verify({ headers, rawBody, secret, now }: SignedRequest): Verification {
    const id = header(headers, 'webhook-id');
    const timestamp = header(headers, 'webhook-timestamp');
    const signatures = header(headers, 'webhook-signature');
    if (!secret || !id || !timestamp || !signatures) return rejected('missing webhook-* headers');
    if (!isFresh(timestamp, now)) return rejected('timestamp outside the tolerance window');
    const expected = hmac('sha256', standardWebhooksKey(secret), [`${id}.${timestamp}.`, rawBody]);
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
