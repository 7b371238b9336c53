import {
  accepted,
  header,
  hmac,
  macMatches,
  rejected,
  SignatureVerifier,
  SignedRequest,
  Verification,
} from './signature-verifier';

/** `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the raw body>`; Shopify signs no timestamp. */
export class ShopifyVerifier implements SignatureVerifier {
  verify({ headers, rawBody, secret }: SignedRequest): Verification {
    const value = header(headers, 'x-shopify-hmac-sha256');
    if (!secret || !value) return rejected('missing X-Shopify-Hmac-Sha256');
    return macMatches(hmac('sha256', secret, [rawBody]), value, 'base64')
      ? accepted
      : rejected('signature mismatch');
  }
}
