import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { TEST_STATE_FILE, TestState, workerDatabaseName } from './test-state';

export default async function globalTeardown(): Promise<void> {
  if (!fs.existsSync(TEST_STATE_FILE)) return;
  const state = JSON.parse(fs.readFileSync(TEST_STATE_FILE, 'utf8')) as TestState;
  const admin = new Client({ connectionString: state.serverUrl });
  try {
    await admin.connect();
    for (let worker = 1; worker <= state.workers; worker++)
      await admin.query(`DROP DATABASE IF EXISTS ${workerDatabaseName(state.database, worker)} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${state.database} WITH (FORCE)`);
  } finally {
    await admin.end().catch(() => undefined);
  }
  if (state.embeddedPid) {
    try {
      process.kill(state.embeddedPid, 'SIGINT');
      for (let i = 0; i < 100; i++) {
        process.kill(state.embeddedPid, 0);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } catch {
      // gone
    }
  }
  if (state.embeddedDataDir) {
    const recorded = path.join(state.embeddedDataDir, 'postgres-location');
    if (fs.existsSync(recorded))
      fs.rmSync(fs.readFileSync(recorded, 'utf8').trim(), { recursive: true, force: true });
    fs.rmSync(state.embeddedDataDir, { recursive: true, force: true });
  }
  fs.rmSync(TEST_STATE_FILE, { force: true });
}
