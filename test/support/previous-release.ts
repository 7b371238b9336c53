import { createCipheriv, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source.options';

/** The last migration of the release before stored secrets were bound to their rows. */
export const PREVIOUS_RELEASE_LAST_MIGRATION = 1764600000000;

/** Migrates `url` to the previous release's schema only, as a database written by it would be. */
export async function migrateToPreviousRelease(url: string): Promise<void> {
  const directory = path.resolve(__dirname, '..', '..', 'migrations');
  const files = fs
    .readdirSync(directory)
    .filter((file) => file.endsWith('.ts') && Number(file.split('-')[0]) <= PREVIOUS_RELEASE_LAST_MIGRATION)
    .map((file) => path.join(directory, file));
  const dataSource = new DataSource({ ...dataSourceOptions(url, { poolSize: 1 }), migrations: files });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

/**
 * A secret sealed exactly as the previous release's keyring sealed it: `v1.<kid>.<iv>.<tag>.<ct>`,
 * AES-256-GCM with the first key of the spec and no associated data.
 */
export function sealAsPreviousRelease(encryptionKeys: string, plaintext: string): string {
  const [id, encoded] = encryptionKeys.split(',')[0].split(':');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(encoded, 'base64'), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    id,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    ciphertext.toString('base64'),
  ].join('.');
}
