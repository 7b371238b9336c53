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

/** `X-Hub-Signature-256: sha256=<hex>` over the raw body. GitHub signs no timestamp, so no window. */
export class GithubVerifier implements SignatureVerifier {
  verify({ headers, rawBody, secret }: SignedRequest): Verification {
    const value = header(headers, 'x-hub-signature-256');
    if (!secret || !value?.startsWith('sha256=')) return rejected('missing X-Hub-Signature-256');
    return macMatches(hmac('sha256', secret, [rawBody]), value.slice('sha256='.length), 'hex')
      ? accepted
      : rejected('signature mismatch');
  }
}
