import { Keyring } from './keyring';

describe('Keyring', () => {
  const oldSpec = Keyring.generateKeySpec('old');
  const newSpec = Keyring.generateKeySpec('new');

  it('round-trips a value and never stores it in clear', () => {
    const keyring = new Keyring(oldSpec);
    const sealed = keyring.encrypt('xoxb-secret-token');
    expect(sealed).not.toContain('xoxb');
    expect(keyring.decrypt(sealed)).toBe('xoxb-secret-token');
  });

  it('encrypts with the first key and still decrypts values sealed by a later key in the list', () => {
    const sealedWithOld = new Keyring(oldSpec).encrypt('value');
    const rotated = new Keyring(`${newSpec},${oldSpec}`);
    expect(rotated.decrypt(sealedWithOld)).toBe('value');
    expect(rotated.keyIdOf(rotated.encrypt('value'))).toBe('new');
  });

  it('rejects a tampered ciphertext', () => {
    const keyring = new Keyring(oldSpec);
    const parts = keyring.encrypt('value').split('.');
    parts[4] = Buffer.from('tampered').toString('base64');
    expect(() => keyring.decrypt(parts.join('.'))).toThrow();
  });

  it('refuses a value sealed with an unknown key id', () => {
    const sealed = new Keyring(oldSpec).encrypt('value');
    expect(() => new Keyring(newSpec).decrypt(sealed)).toThrow(/key old/);
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => new Keyring('k1:c2hvcnQ=')).toThrow(/32-byte/);
  });
});
