import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PlugboardError } from './errors';

const ALGORITHM = 'aes-256-gcm';
const FORMAT = 'v2';
/** The format written before ciphertexts were bound to their row: readable only to re-encrypt it. */
const UNBOUND_FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface Key {
  id: string;
  secret: Buffer;
}

/** Where a ciphertext lives: it decrypts there and nowhere else. */
export interface SecretLocation {
  table: string;
  column: string;
  rowId: string;
}

/**
 * A stored secret that does not decrypt where it is: sealed for another row or column (copied), by a
 * key no longer in ENCRYPTION_KEYS, tampered with, or still in the unbound format of an old release.
 */
export class SecretUnreadableError extends PlugboardError {
  constructor(location: SecretLocation, reason: string) {
    super(
      'SECRET.UNREADABLE',
      500,
      `The stored ${location.column} of ${location.table} ${location.rowId} cannot be decrypted: ${reason}`,
    );
  }
}

/**
 * AES-256-GCM over `ENCRYPTION_KEYS` (`kid:base64key,…`). The first key encrypts; every key decrypts,
 * because each value carries the id of the key that sealed it: `v2.<kid>.<iv>.<tag>.<ciphertext>`.
 * The associated data binds each ciphertext to its table, column and row id, so a value copied into
 * another row (or column) no longer decrypts; tags must be the full 16 bytes, so a truncated tag is
 * refused rather than checked on fewer bits.
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

  get primaryKeyId(): string {
    return this.primary.id;
  }

  encrypt(plaintext: string, location: SecretLocation): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.primary.secret, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(this.primary.id, location));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      FORMAT,
      this.primary.id,
      iv.toString('base64'),
      cipher.getAuthTag().toString('base64'),
      ciphertext.toString('base64'),
    ].join('.');
  }

  /** Throws SecretUnreadableError when the value does not decrypt at `location`. */
  decrypt(sealed: string, location: SecretLocation): string {
    const parts = parse(sealed);
    if (!parts) return this.unreadable(location, 'unknown format');
    if (parts.format === UNBOUND_FORMAT) {
      return this.unreadable(
        location,
        'written unbound by an older release; run `node dist/cli.js reencrypt`',
      );
    }
    const plaintext = this.open(parts, associatedData(parts.keyId, location));
    if (plaintext === undefined) return this.unreadable(location, this.whyNotOpened(parts.keyId));
    return plaintext;
  }

  /**
   * The value re-sealed with the primary key and bound to `location`, or null when it already is.
   * Also reads the unbound format of older releases (that is how they are carried over).
   */
  reseal(sealed: string, location: SecretLocation): string | null {
    const parts = parse(sealed);
    if (!parts) return this.unreadable(location, 'unknown format');
    if (parts.format === FORMAT && parts.keyId === this.primary.id) {
      // still checked: re-encryption is also how an operator finds unreadable values
      this.decrypt(sealed, location);
      return null;
    }
    const associated = parts.format === FORMAT ? associatedData(parts.keyId, location) : undefined;
    const plaintext = this.open(parts, associated);
    if (plaintext === undefined) return this.unreadable(location, this.whyNotOpened(parts.keyId));
    return this.encrypt(plaintext, location);
  }

  keyIdOf(sealed: string): string | undefined {
    return sealed.split('.')[1];
  }

  private open(parts: SealedParts, associated: Buffer | undefined): string | undefined {
    const secret = this.keys.get(parts.keyId);
    if (!secret || parts.iv.length !== IV_BYTES || parts.tag.length !== TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv(ALGORITHM, secret, parts.iv, { authTagLength: TAG_BYTES });
      if (associated) decipher.setAAD(associated);
      decipher.setAuthTag(parts.tag);
      return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  private whyNotOpened(keyId: string): string {
    return this.keys.has(keyId)
      ? 'it was sealed for another row or column, or altered'
      : `it was sealed with key ${keyId}, which is not in ENCRYPTION_KEYS`;
  }

  private unreadable(location: SecretLocation, reason: string): never {
    throw new SecretUnreadableError(location, reason);
  }
}

interface SealedParts {
  format: string;
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function parse(sealed: string): SealedParts | undefined {
  const [format, keyId, iv, tag, ciphertext, ...rest] = sealed.split('.');
  if (rest.length > 0 || (format !== FORMAT && format !== UNBOUND_FORMAT) || !keyId) return undefined;
  if (iv === undefined || tag === undefined || ciphertext === undefined) return undefined;
  return {
    format,
    keyId,
    iv: Buffer.from(iv, 'base64'),
    tag: Buffer.from(tag, 'base64'),
    ciphertext: Buffer.from(ciphertext, 'base64'),
  };
}

/** Key id, table, column and row: none of them contains a ':' (ids are uuids, names identifiers). */
function associatedData(keyId: string, location: SecretLocation): Buffer {
  return Buffer.from(`plugboard:${FORMAT}:${keyId}:${location.table}:${location.column}:${location.rowId}`);
}
