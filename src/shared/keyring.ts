import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const FORMAT = 'v1';

interface Key {
  id: string;
  secret: Buffer;
}

/**
 * AES-256-GCM over `ENCRYPTION_KEYS` (`kid:base64key,…`). The first key encrypts; every key decrypts,
 * because each value carries the id of the key that sealed it: `v1.<kid>.<iv>.<tag>.<ciphertext>`.
 */
export class Keyring {
  private readonly keys: Map<string, Buffer>;
  private readonly primary: Key;

  constructor(spec: string) {
    const keys = spec.split(',').map((entry) => {
      const [id, encoded] = entry.split(':');
      const secret = Buffer.from(encoded ?? '', 'base64');
      if (!id || secret.length !== 32) {
        throw new Error(`ENCRYPTION_KEYS entry ${id ?? '?'} must be a 32-byte base64 key`);
      }
      return { id, secret };
    });
    this.primary = keys[0];
    this.keys = new Map(keys.map((key) => [key.id, key.secret]));
  }

  static generateKeySpec(id = 'dev1'): string {
    return `${id}:${randomBytes(32).toString('base64')}`;
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv(ALGORITHM, this.primary.secret, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      FORMAT,
      this.primary.id,
      iv.toString('base64'),
      tag.toString('base64'),
      ciphertext.toString('base64'),
    ].join('.');
  }

  decrypt(sealed: string): string {
    const [format, keyId, iv, tag, ciphertext] = sealed.split('.');
    if (format !== FORMAT || !keyId || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new Error('Encrypted value has an unknown format');
    }
    const secret = this.keys.get(keyId);
    if (!secret) throw new Error(`Encrypted value uses key ${keyId}, which is not in ENCRYPTION_KEYS`);
    const decipher = createDecipheriv(ALGORITHM, secret, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  }

  keyIdOf(sealed: string): string | undefined {
    return sealed.split('.')[1];
  }
}
