import { Client } from 'pg';
import { MigrationData, runMigrations } from '../../src/database';
import { testState } from './test-state';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own on the test server, for tests that restart the app with other keys or
 * rewrite rows under it. `migrate: false` leaves it empty (the caller migrates it its own way).
 */
export async function createScratchDatabase(
  prefix: string,
  options: { migrate?: boolean; data?: MigrationData } = {},
): Promise<ScratchDatabase> {
  const server = new URL(testState().databaseUrl);
  const name = `${prefix}_${Date.now()}_${process.pid}`;
  const adminUrl = new URL(server.toString());
  adminUrl.pathname = '/postgres';
  const admin = new Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  if (options.migrate !== false) await runMigrations(url.toString(), options.data);
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: adminUrl.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
