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
 * `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:timestamp:body">` with `X-Slack-Request-Timestamp`.
 * The body is signed as sent, so form-encoded interactive payloads verify on the raw bytes.
 */
export class SlackVerifier implements SignatureVerifier {
  verify({ headers, rawBody, secret, now }: SignedRequest): Verification {
    const timestamp = header(headers, 'x-slack-request-timestamp');
    const signature = header(headers, 'x-slack-signature');
    if (!secret || !timestamp || !signature?.startsWith('v0=')) return rejected('missing X-Slack-* headers');
    if (!isFresh(timestamp, now)) return rejected('timestamp outside the tolerance window');
    const expected = hmac('sha256', secret, [`v0:${timestamp}:`, rawBody]);
    return macMatches(expected, signature.slice(3), 'hex') ? accepted : rejected('signature mismatch');
  }
}
