import { createHash, randomBytes } from 'node:crypto';

/** RFC 7636: 32 random bytes → a 43-character base64url verifier (within the 43–128 range). */
export function generateCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** The S256 challenge sent in the authorization URL; the verifier stays server-side. */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
