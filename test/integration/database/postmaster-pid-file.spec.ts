import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clearPostmasterPidFile } from '../../../src/database/embedded-postgres';
import { isProcessRunning } from '../../../src/database/embedded-postgres-platform';
import { testState } from '../../support/test-state';

/** A postmaster.pid as PostgreSQL writes it: pid, data directory, start time, port, socket dir, … */
function writePidFile(clusterDir: string, pid: number, port: number): string {
  const file = path.join(clusterDir, 'postmaster.pid');
  fs.writeFileSync(file, `${pid}\n${clusterDir}\n1764000000\n${port}\n\n127.0.0.1\n  1234 5678\nready   \n`);
  return file;
}

function startIdleProcess(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setTimeout(() => undefined, 60_000)'], { stdio: 'ignore' });
}

// The launcher may delete a postmaster.pid only when no server can still be using the data directory:
// deleting a live server's file lets a second postmaster start on the same directory and corrupt it.
describe('clearPostmasterPidFile', () => {
  let clusterDir: string;
  let logs: string[];
  const children: ChildProcess[] = [];

  beforeEach(() => {
    clusterDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugboard-pidfile-'));
    logs = [];
  });
  afterEach(() => fs.rmSync(clusterDir, { recursive: true, force: true }));
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
  });

  it('removes a pid file whose process is gone', async () => {
    const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => gone.once('exit', resolve));
    expect(isProcessRunning(gone.pid!)).toBe(false);
    const file = writePidFile(clusterDir, gone.pid!, 1);

    await clearPostmasterPidFile(clusterDir, 'unused', (message) => logs.push(message));

    expect(fs.existsSync(file)).toBe(false);
    expect(logs).toEqual([`removing stale postmaster.pid (pid ${gone.pid} is not running)`]);
  });

  it('keeps the file of a running process that is not a server of this cluster, and never signals it', async () => {
    const running = startIdleProcess();
    children.push(running);
    // the port of the machine's PostgreSQL: a live server, but of another data directory
    const otherServerPort = Number(new URL(testState().databaseUrl).port || 5432);
    const file = writePidFile(clusterDir, running.pid!, otherServerPort);

    await clearPostmasterPidFile(clusterDir, 'unused', (message) => logs.push(message));

    expect(fs.existsSync(file)).toBe(true);
    expect(isProcessRunning(running.pid!)).toBe(true);
    expect(running.signalCode).toBeNull();
    expect(logs).toEqual([
      `postmaster.pid names running process ${running.pid}, not a server of this cluster; leaving it to PostgreSQL`,
    ]);
  });

  it('keeps the file of a running process when nothing answers on its port', async () => {
    const running = startIdleProcess();
    children.push(running);
    const file = writePidFile(clusterDir, running.pid!, 9);

    await clearPostmasterPidFile(clusterDir, 'unused', () => undefined);

    expect(fs.existsSync(file)).toBe(true);
    expect(isProcessRunning(running.pid!)).toBe(true);
  });
});
