import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/run-migrations';
import { TEST_STATE_FILE, TestState, workerDatabaseName } from './test-state';

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
 * migrated once, then copied for each jest worker: every running app dispatches, sweeps and claims
 * whatever is due in its database, so two suites sharing one would take each other's deliveries
 * (with their own retry settings). With no server reachable, an embedded PostgreSQL is started
 * instead so `npm test` passes on a fresh machine.
 */
export default async function globalSetup(
  globalConfig: { maxWorkers: number }, // jest's global config: how many workers it starts
): Promise<void> {
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
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  await runMigrations(url.toString());
  // a copy of a migrated database takes a fraction of a second; migrating each would take seconds
  const workers = Math.max(1, globalConfig.maxWorkers);
  for (let worker = 1; worker <= workers; worker++)
    await admin.query(`CREATE DATABASE ${workerDatabaseName(database, worker)} TEMPLATE ${database}`);
  await admin.end();

  const state: TestState = {
    serverUrl,
    databaseUrl: url.toString(),
    database,
    workers,
    embeddedDataDir,
    embeddedPid,
  };
  fs.writeFileSync(TEST_STATE_FILE, JSON.stringify(state));
  process.env.PLUGBOARD_TEST_DATABASE_URL = state.databaseUrl;
}
