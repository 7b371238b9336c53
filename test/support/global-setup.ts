import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/run-migrations';
import { TEST_STATE_FILE, TestState } from './test-state';

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * One fresh database per run on TEST_DATABASE_URL's server (default: the machine's PostgreSQL),
 * migrated once. With no server reachable, an embedded PostgreSQL is started instead so `npm test`
 * passes on a fresh machine.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_SERVER;
  let embeddedDataDir: string | undefined;
  let embeddedPid: number | undefined;
  if (!(await reachable(serverUrl))) {
    embeddedDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugboard-test-pg-'));
    console.warn(
      `\n[test] no PostgreSQL at ${serverUrl}; starting embedded PostgreSQL in ${embeddedDataDir}`,
    );
    const embedded = new EmbeddedPostgres({ dataDir: embeddedDataDir, log: () => undefined });
    serverUrl = (await embedded.start()).replace(/\/plugboard$/, '/postgres');
    embeddedPid = (embedded as unknown as { process?: { pid?: number } }).process?.pid;
  }
  const database = `plugboard_test_${Date.now()}_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  await runMigrations(url.toString());

  const state: TestState = { serverUrl, databaseUrl: url.toString(), database, embeddedDataDir, embeddedPid };
  fs.writeFileSync(TEST_STATE_FILE, JSON.stringify(state));
  process.env.PLUGBOARD_TEST_DATABASE_URL = state.databaseUrl;
}
