import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { decodeStandardWebhooksSecret } from './standard-webhooks-secret';

const AT = new Date(1_700_000_000_000);

/** The library's signature for a fixed message, or null when it refuses the secret. */
function librarySignature(secret: string): string | null {
  try {
    return new Webhook(secret).sign('msg_1', AT, 'payload');
  } catch {
    return null;
  }
}

function ourSignature(secret: string): string | null {
  const key = decodeStandardWebhooksSecret(secret);
  if (!key) return null;
  const mac = createHmac('sha256', key)
    .update(`msg_1.${AT.getTime() / 1000}.payload`)
    .digest('base64');
  return `v1,${mac}`;
}

describe('decodeStandardWebhooksSecret', () => {
  it('reads whsec_ secrets and bare base64 secrets to the same key', () => {
    const key = Buffer.alloc(24, 5);
    expect(decodeStandardWebhooksSecret(`whsec_${key.toString('base64')}`)).toEqual(key);
    expect(decodeStandardWebhooksSecret(key.toString('base64'))).toEqual(key);
  });

  it('refuses what the library refuses: empty, bad padding, characters outside standard base64', () => {
    for (const secret of ['whsec_', '', 'AB', 'AAAA===', 'abc-_def', 'ab cd', 'AB=CD', 'my secret!']) {
      expect(decodeStandardWebhooksSecret(secret)).toBeNull();
      expect(librarySignature(secret)).toBeNull();
    }
  });

  it('agrees with the standardwebhooks library on every secret (signature equal, or both refuse)', () => {
    const character = fc.constantFrom(...'ABCxyz0189+/=-_ .!'.split(''));
    const secret = fc
      .tuple(fc.boolean(), fc.array(character, { maxLength: 30 }))
      .map(([prefixed, characters]) => `${prefixed ? 'whsec_' : ''}${characters.join('')}`);
    const base64ish = fc
      .tuple(fc.boolean(), fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat({ max: 3 }), fc.boolean())
      .map(([prefixed, bytes, cut, unpadded]) => {
        let text = Buffer.from(bytes).toString('base64');
        if (unpadded) text = text.replace(/=+$/, '');
        return `${prefixed ? 'whsec_' : ''}${text.slice(0, text.length - cut)}`;
      });
    fc.assert(
      fc.property(fc.oneof(secret, base64ish), (candidate) => {
        expect(ourSignature(candidate)).toBe(librarySignature(candidate));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
});
