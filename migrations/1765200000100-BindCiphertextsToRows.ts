import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored secrets were sealed `v1.<kid>.<iv>.<tag>.<ciphertext>` (AES-256-GCM, no associated data), so
 * a ciphertext copied into another row decrypted there. This re-seals every one of them as `v2`, bound
 * to its table, column and row id, with the first key of ENCRYPTION_KEYS (handed in as
 * `queryRunner.data.encryptionKeys`). The crypto is written out here, frozen, rather than imported:
 * a migration must keep doing exactly this whatever the application's keyring becomes.
 *
 * Rows are converted in batches in id order. A v1 value that no listed key opens is left as it is
 * (it was already unreadable); `node dist/cli.js reencrypt` reports it.
 */
const COLUMNS: Array<[table: string, column: string]> = [
  ['oauth_providers', 'client_secret_encrypted'],
  ['oauth_connections', 'access_token_encrypted'],
  ['oauth_connections', 'refresh_token_encrypted'],
  ['oauth_states', 'code_verifier_encrypted'],
  ['integrations', 'delivery_secret_encrypted'],
  ['integrations', 'ingress_secret_encrypted'],
];
const BATCH = 500;
const TAG_BYTES = 16;

export class BindCiphertextsToRows1765200000100 implements MigrationInterface {
  name = 'BindCiphertextsToRows1765200000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    let keys: Keys | undefined;
    for (const [table, column] of COLUMNS) {
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const rows = (await queryRunner.query(
          `SELECT id, ${column} AS sealed FROM ${table}
            WHERE ${column} LIKE 'v1.%' AND id > $1 ORDER BY id LIMIT ${BATCH}`,
          [after],
        )) as Array<{ id: string; sealed: string }>;
        if (rows.length === 0) break;
        keys ??= readKeys(queryRunner);
        const ids: string[] = [];
        const resealed: string[] = [];
        for (const row of rows) {
          const plaintext = openUnbound(keys, row.sealed);
          if (plaintext === undefined) continue;
          ids.push(row.id);
          resealed.push(sealBound(keys, plaintext, table, column, row.id));
        }
        if (ids.length > 0) {
          await queryRunner.query(
            `UPDATE ${table} AS t SET ${column} = v.sealed
               FROM unnest($1::uuid[], $2::text[]) AS v(id, sealed) WHERE t.id = v.id`,
            [ids, resealed],
          );
        }
        after = rows[rows.length - 1].id;
      }
    }
  }

  async down(): Promise<void> {
    // bound ciphertexts are not unbound again: that would reopen the hole this migration closes
  }
}

interface Keys {
  primary: { id: string; secret: Buffer };
  all: Map<string, Buffer>;
}

function readKeys(queryRunner: QueryRunner): Keys {
  const spec = (queryRunner.data as { encryptionKeys?: string } | undefined)?.encryptionKeys;
  if (!spec) throw new Error('BindCiphertextsToRows needs ENCRYPTION_KEYS to re-encrypt the stored secrets');
  const entries = spec.split(',').map((entry) => {
    const [id, encoded] = entry.split(':');
    return { id, secret: Buffer.from(encoded ?? '', 'base64') };
  });
  return { primary: entries[0], all: new Map(entries.map((entry) => [entry.id, entry.secret])) };
}

function openUnbound(keys: Keys, sealed: string): string | undefined {
  const [, keyId, iv, tag, ciphertext] = sealed.split('.');
  const secret = keys.all.get(keyId);
  const tagBytes = Buffer.from(tag ?? '', 'base64');
  if (!secret || iv === undefined || ciphertext === undefined || tagBytes.length !== TAG_BYTES)
    return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', secret, Buffer.from(iv, 'base64'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}

function sealBound(keys: Keys, plaintext: string, table: string, column: string, rowId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.primary.secret, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(`plugboard:v2:${keys.primary.id}:${table}:${column}:${rowId}`));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v2',
    keys.primary.id,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    ciphertext.toString('base64'),
  ].join('.');
}
