import { ingressSecretProblem } from './ingress-secret.rules';

const key = (bytes: number) => Buffer.alloc(bytes, 1).toString('base64');

describe('ingressSecretProblem', () => {
  it('refuses a Standard Webhooks secret that decodes to nothing or to fewer than 16 bytes', () => {
    expect(ingressSecretProblem('standard-webhooks', 'whsec_')).toMatch(/base64/);
    expect(ingressSecretProblem('standard-webhooks', 'whsec_not base64!')).toMatch(/base64/);
    expect(ingressSecretProblem('standard-webhooks', `whsec_${key(15)}`)).toMatch(/16 bytes/);
    expect(ingressSecretProblem('standard-webhooks', key(15))).toMatch(/16 bytes/);
  });

  it('accepts 16 decoded bytes with or without the whsec_ prefix', () => {
    expect(ingressSecretProblem('standard-webhooks', `whsec_${key(16)}`)).toBeNull();
    expect(ingressSecretProblem('standard-webhooks', key(32))).toBeNull();
  });

  it('asks 16 characters of the other signed schemes, and nothing of none', () => {
    for (const scheme of ['stripe', 'github', 'slack', 'shopify'] as const) {
      expect(ingressSecretProblem(scheme, 'x'.repeat(15))).toMatch(/16 characters/);
      expect(ingressSecretProblem(scheme, 'x'.repeat(16))).toBeNull();
    }
    expect(ingressSecretProblem('none', '')).toBeNull();
  });
});
