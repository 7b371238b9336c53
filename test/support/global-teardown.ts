import * as fs from 'node:fs';
import { Client } from 'pg';
import { TEST_STATE_FILE, TestState } from './test-state';

export default async function globalTeardown(): Promise<void> {
  if (!fs.existsSync(TEST_STATE_FILE)) return;
  const state = JSON.parse(fs.readFileSync(TEST_STATE_FILE, 'utf8')) as TestState;
  const admin = new Client({ connectionString: state.serverUrl });
  try {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${state.database} WITH (FORCE)`);
  } finally {
    await admin.end().catch(() => undefined);
  }
  if (state.embeddedPid) {
    try {
      process.kill(state.embeddedPid, 'SIGINT');
    } catch {
      // already gone
    }
  }
  fs.rmSync(TEST_STATE_FILE, { force: true });
}
