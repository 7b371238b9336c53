import { createCipheriv, randomBytes } from 'node:crypto';
import { Keyring, SecretLocation, SecretUnreadableError } from './keyring';

const here: SecretLocation = { table: 'oauth_connections', column: 'access_token_encrypted', rowId: 'row-1' };

/** The unbound format written before ciphertexts were bound to their row (v1, no associated data). */
function sealUnbound(spec: string, plaintext: string, tagBytes = 16): string {
  const [id, encoded] = spec.split(':');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(encoded, 'base64'), iv, {
    authTagLength: tagBytes,
  });
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    id,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    ciphertext.toString('base64'),
  ].join('.');
}

describe('Keyring', () => {
  const oldSpec = Keyring.generateKeySpec('old');
  const newSpec = Keyring.generateKeySpec('new');

  it('round-trips a value at its location and never stores it in clear', () => {
    const keyring = new Keyring(oldSpec);
    const sealed = keyring.encrypt('xoxb-secret-token', here);
    expect(sealed).toMatch(/^v2\.old\./);
    expect(sealed).not.toContain('xoxb');
    expect(keyring.decrypt(sealed, here)).toBe('xoxb-secret-token');
  });

  it.each([
    ['another row', { ...here, rowId: 'row-2' }],
    ['another column', { ...here, column: 'refresh_token_encrypted' }],
    ['another table', { ...here, table: 'integrations' }],
  ])('refuses a ciphertext copied into %s, naming where it failed', (_label, elsewhere) => {
    const keyring = new Keyring(oldSpec);
    const sealed = keyring.encrypt('value', here);
    expect(() => keyring.decrypt(sealed, elsewhere)).toThrow(SecretUnreadableError);
    expect(() => keyring.decrypt(sealed, elsewhere)).toThrow(
      new RegExp(`${elsewhere.column} of ${elsewhere.table} ${elsewhere.rowId}.*another row or column`),
    );
  });

  it('refuses a truncated tag instead of checking fewer bits', () => {
    const keyring = new Keyring(oldSpec);
    const parts = keyring.encrypt('value', here).split('.');
    parts[3] = Buffer.from(parts[3], 'base64').subarray(0, 4).toString('base64');
    expect(() => keyring.decrypt(parts.join('.'), here)).toThrow(SecretUnreadableError);
  });

  it('refuses a tampered ciphertext and an unknown format', () => {
    const keyring = new Keyring(oldSpec);
    const parts = keyring.encrypt('value', here).split('.');
    parts[4] = Buffer.from('tampered').toString('base64');
    expect(() => keyring.decrypt(parts.join('.'), here)).toThrow(SecretUnreadableError);
    expect(() => keyring.decrypt('plaintext', here)).toThrow(/unknown format/);
  });

  it('encrypts with the first key and still decrypts values sealed by a later key in the list', () => {
    const sealedWithOld = new Keyring(oldSpec).encrypt('value', here);
    const rotated = new Keyring(`${newSpec},${oldSpec}`);
    expect(rotated.decrypt(sealedWithOld, here)).toBe('value');
    expect(rotated.keyIdOf(rotated.encrypt('value', here))).toBe('new');
  });

  it('refuses a value sealed with a key that is no longer listed, naming the key', () => {
    const sealed = new Keyring(oldSpec).encrypt('value', here);
    expect(() => new Keyring(newSpec).decrypt(sealed, here)).toThrow(
      /key old, which is not in ENCRYPTION_KEYS/,
    );
  });

  it('refuses the unbound format of older releases in normal reads', () => {
    expect(() => new Keyring(oldSpec).decrypt(sealUnbound(oldSpec, 'value'), here)).toThrow(/reencrypt/);
  });

  describe('reseal', () => {
    it('binds an unbound value to its row with the primary key', () => {
      const rotated = new Keyring(`${newSpec},${oldSpec}`);
      const resealed = rotated.reseal(sealUnbound(oldSpec, 'legacy'), here);
      expect(resealed).toMatch(/^v2\.new\./);
      expect(rotated.decrypt(resealed as string, here)).toBe('legacy');
      expect(() => rotated.decrypt(resealed as string, { ...here, rowId: 'other' })).toThrow(
        SecretUnreadableError,
      );
    });

    it('moves a value to the primary key, and leaves one already there alone', () => {
      const sealedWithOld = new Keyring(oldSpec).encrypt('value', here);
      const rotated = new Keyring(`${newSpec},${oldSpec}`);
      const resealed = rotated.reseal(sealedWithOld, here) as string;
      expect(rotated.keyIdOf(resealed)).toBe('new');
      expect(new Keyring(newSpec).decrypt(resealed, here)).toBe('value');
      expect(rotated.reseal(resealed, here)).toBeNull();
    });

    it('refuses a value that does not belong where it is, and an unbound one with a truncated tag', () => {
      const keyring = new Keyring(oldSpec);
      expect(() => keyring.reseal(keyring.encrypt('value', here), { ...here, rowId: 'row-2' })).toThrow(
        SecretUnreadableError,
      );
      expect(() => keyring.reseal(sealUnbound(oldSpec, 'value', 8), here)).toThrow(SecretUnreadableError);
    });
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => new Keyring('k1:c2hvcnQ=')).toThrow(/32-byte/);
  });
});
