import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TestState {
  serverUrl: string;
  databaseUrl: string;
  database: string;
  embeddedDataDir?: string;
  embeddedPid?: number;
}

export const TEST_STATE_FILE = path.join(
  os.tmpdir(),
  `plugboard-test-state-${process.ppid}-${process.pid}.json`,
);

export function testState(): TestState {
  const url = process.env.PLUGBOARD_TEST_DATABASE_URL;
  if (url) return { databaseUrl: url } as TestState;
  const files = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('plugboard-test-state-'));
  throw new Error(`test database not prepared by globalSetup (state files: ${files.join(', ') || 'none'})`);
}
