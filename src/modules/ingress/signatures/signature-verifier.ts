import { createHmac, timingSafeEqual } from 'node:crypto';

export type RequestHeaders = Record<string, string | string[] | undefined>;

export interface SignedRequest {
  headers: RequestHeaders;
  rawBody: Buffer;
  /** The provider's signing secret as configured on the integration; null for `none`. */
  secret: string | null;
  now: Date;
}

export type Verification = { ok: true } | { ok: false; reason: string };

/** One per ingress scheme; a verifier only answers whether the request is authentic and fresh. */
export interface SignatureVerifier {
  verify(request: SignedRequest): Verification;
}

/** Replay window for schemes that sign a timestamp. */
export const TOLERANCE_SECONDS = 5 * 60;

export const accepted: Verification = { ok: true };
export const rejected = (reason: string): Verification => ({ ok: false, reason });

export function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function hmac(algorithm: 'sha256', key: string | Buffer, parts: Array<string | Buffer>): Buffer {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Constant-time equality of a computed MAC and a received, encoded one; malformed input is false. */
export function macMatches(expected: Buffer, received: string, encoding: 'hex' | 'base64'): boolean {
  const pattern = encoding === 'hex' ? /^[0-9a-fA-F]+$/ : /^[A-Za-z0-9+/]+={0,2}$/;
  if (!pattern.test(received)) return false;
  const decoded = Buffer.from(received, encoding);
  return decoded.length === expected.length && timingSafeEqual(decoded, expected);
}

/** Unix seconds within ±TOLERANCE_SECONDS of now. */
export function isFresh(timestamp: string | undefined, now: Date): boolean {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(now.getTime() / 1000 - Number(timestamp)) <= TOLERANCE_SECONDS;
}
