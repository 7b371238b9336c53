import { codeChallengeS256, generateCodeVerifier } from './pkce';

describe('PKCE', () => {
  it('derives the RFC 7636 appendix B challenge from its verifier', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('generates fresh 43-character url-safe verifiers', () => {
    const first = generateCodeVerifier();
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateCodeVerifier()).not.toBe(first);
  });
});
