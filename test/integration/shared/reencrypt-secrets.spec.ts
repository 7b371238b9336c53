import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { reencryptSecrets, ReencryptProgress } from '../../../src/database/reencrypt-secrets';
import { ENCRYPTED_COLUMNS, secretAt } from '../../../src/shared/encrypted-columns';
import { Keyring } from '../../../src/shared/keyring';
import { createScratchDatabase, ScratchDatabase } from '../../support/scratch-database';

describe('reencryptSecrets', () => {
  const oldSpec = Keyring.generateKeySpec('old');
  const newSpec = Keyring.generateKeySpec('new');
  const before = new Keyring(oldSpec);
  const rotated = new Keyring(`${newSpec},${oldSpec}`);
  let database: ScratchDatabase;
  let pool: Pool;
  const connectionIds: string[] = [];

  beforeAll(async () => {
    database = await createScratchDatabase('plugboard_reencrypt');
    pool = new Pool({ connectionString: database.url, max: 2 });
    const orgId = randomUUID();
    const providerId = randomUUID();
    await pool.query(`INSERT INTO organizations (id, name) VALUES ($1, 'reencrypt')`, [orgId]);
    await pool.query(
      `INSERT INTO oauth_providers (id, organization_id, key, token_url, client_id, client_secret_encrypted,
         grant_type, token_auth_method, use_pkce, error_style)
       VALUES ($1, $2, 'p', 'http://127.0.0.1:9/token', 'c', $3, 'authorization_code', 'client_secret_post', true, 'standard')`,
      [
        providerId,
        orgId,
        before.encrypt('client-secret', secretAt(ENCRYPTED_COLUMNS.providerClientSecret, providerId)),
      ],
    );
    for (let index = 0; index < 5; index++) {
      const id = randomUUID();
      connectionIds.push(id);
      await pool.query(
        `INSERT INTO oauth_connections (id, organization_id, provider_id, access_token_encrypted, is_refreshable)
         VALUES ($1, $2, $3, $4, false)`,
        [
          id,
          orgId,
          providerId,
          before.encrypt(`token-${index}`, secretAt(ENCRYPTED_COLUMNS.connectionAccessToken, id)),
        ],
      );
    }
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('resumes after an interruption and ends with every value on the first key, readable at its row', async () => {
    const interrupted = new Error('interrupted');
    const seen: ReencryptProgress[] = [];
    await expect(
      reencryptSecrets(pool, rotated, {
        batchSize: 2,
        onProgress: (progress) => {
          seen.push(progress);
          if (progress.table === 'oauth_connections') throw interrupted;
        },
      }),
    ).rejects.toBe(interrupted);
    const { rows: halfway } = await pool.query<{ value: string }>(
      'SELECT access_token_encrypted AS value FROM oauth_connections',
    );
    expect(halfway.filter((row) => row.value.startsWith('v2.new.'))).toHaveLength(2);

    const report = await reencryptSecrets(pool, rotated, { batchSize: 2 });
    expect(report).toEqual({ reencrypted: 3, unreadable: [] });
    const newOnly = new Keyring(newSpec);
    const { rows } = await pool.query<{ id: string; value: string }>(
      'SELECT id, access_token_encrypted AS value FROM oauth_connections',
    );
    const tokens = rows.map((row) =>
      newOnly.decrypt(row.value, secretAt(ENCRYPTED_COLUMNS.connectionAccessToken, row.id)),
    );
    expect(tokens.sort()).toEqual(['token-0', 'token-1', 'token-2', 'token-3', 'token-4']);
    expect(seen[0]).toMatchObject({ table: 'oauth_providers', scanned: 1, reencrypted: 1, unreadable: 0 });
    expect(await reencryptSecrets(pool, rotated, { batchSize: 2 })).toEqual({
      reencrypted: 0,
      unreadable: [],
    });
  });

  it('reports a value copied from another row and leaves it as it is', async () => {
    const [victim, thief] = connectionIds;
    await pool.query(
      `UPDATE oauth_connections SET access_token_encrypted =
         (SELECT access_token_encrypted FROM oauth_connections WHERE id = $1) WHERE id = $2`,
      [victim, thief],
    );
    const copied = await pool.query('SELECT access_token_encrypted FROM oauth_connections WHERE id = $1', [
      thief,
    ]);
    const rotatedAgain = new Keyring(`${Keyring.generateKeySpec('newest')},${newSpec}`);
    const report = await reencryptSecrets(pool, rotatedAgain, { batchSize: 10 });
    expect(report.unreadable).toEqual([
      expect.objectContaining({ table: 'oauth_connections', column: 'access_token_encrypted', rowId: thief }),
    ]);
    const after = await pool.query('SELECT access_token_encrypted FROM oauth_connections WHERE id = $1', [
      thief,
    ]);
    expect(after.rows[0]).toEqual(copied.rows[0]);
  });
});
