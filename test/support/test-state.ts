import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TestState {
  serverUrl: string;
  databaseUrl: string;
  /** the migrated database; each jest worker uses its own copy (workerDatabaseName) */
  database: string;
  workers: number;
  embeddedDataDir?: string;
  embeddedPid?: number;
}

export const TEST_STATE_FILE = path.join(
  os.tmpdir(),
  `plugboard-test-state-${process.ppid}-${process.pid}.json`,
);

export const workerDatabaseName = (database: string, worker: number): string => `${database}_w${worker}`;

/** The database of this jest worker (JEST_WORKER_ID; 1 when the suites run in band). */
export function testState(): TestState {
  const url = process.env.PLUGBOARD_TEST_DATABASE_URL;
  if (url) {
    const mine = new URL(url);
    mine.pathname = `/${workerDatabaseName(mine.pathname.slice(1), Number(process.env.JEST_WORKER_ID ?? 1))}`;
    return { databaseUrl: mine.toString() } as TestState;
  }
  const files = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('plugboard-test-state-'));
  throw new Error(`test database not prepared by globalSetup (state files: ${files.join(', ') || 'none'})`);
}
