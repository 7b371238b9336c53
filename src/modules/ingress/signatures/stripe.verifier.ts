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

/** `Stripe-Signature: t=<unix>,v1=<hex>[,v1=…]`, HMAC-SHA256 of "t.body" with the endpoint secret as is. */
export class StripeVerifier implements SignatureVerifier {
  verify({ headers, rawBody, secret, now }: SignedRequest): Verification {
    const value = header(headers, 'stripe-signature');
    if (!secret || !value) return rejected('missing Stripe-Signature');
    const pairs = value.split(',').map((pair) => {
      const index = pair.indexOf('=');
      return [pair.slice(0, index).trim(), pair.slice(index + 1).trim()] as const;
    });
    const timestamp = pairs.find(([key]) => key === 't')?.[1];
    const signatures = pairs.filter(([key]) => key === 'v1').map(([, signature]) => signature);
    if (!timestamp || signatures.length === 0) return rejected('malformed Stripe-Signature');
    if (!isFresh(timestamp, now)) return rejected('timestamp outside the tolerance window');
    const expected = hmac('sha256', secret, [`${timestamp}.`, rawBody]);
    return signatures.some((signature) => macMatches(expected, signature, 'hex'))
      ? accepted
      : rejected('no matching v1 signature');
  }
}
