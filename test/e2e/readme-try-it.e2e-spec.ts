import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { testEnv } from '../support/app';
import { registerSecret } from '../support/secrets-audit';
import { MAIN_JS, PlugboardProcess, spawnPlugboard, stopProcess, waitForStatus } from '../support/process';

const ROOT = path.resolve(__dirname, '..', '..');

/** The first ```sh block under README.md's "## Try it", exactly as a reader copies it. */
function tryItBlock(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Try it\n'));
  const start = section.indexOf('```sh\n') + '```sh\n'.length;
  return section.slice(start, section.indexOf('\n```', start));
}

describe('README "Try it"', () => {
  let directory: string;
  let server: PlugboardProcess;
  beforeAll(async () => {
    // a fresh checkout's view: ./.data from `npm start` and the repository's examples/
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'plugboard-try-it-'));
    fs.symlinkSync(path.join(ROOT, 'examples'), path.join(directory, 'examples'));
    const { ADMIN_API_KEY: _key, PORT: _port, DATA_DIR: _data, ...env } = testEnv({ LOG_LEVEL: 'warn' });
    server = await spawnPlugboard({ ...env, ALLOW_PRIVATE_UPSTREAMS: 'true' }, MAIN_JS, { cwd: directory });
    await waitForStatus(server);
    registerSecret(fs.readFileSync(path.join(directory, '.data', 'admin-key'), 'utf8').trim());
  });
  afterAll(async () => {
    await stopProcess(server);
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('runs as written: signed webhook → refused by the receiver → DEAD → redrive → DELIVERED', async () => {
    const block = tryItBlock();
    expect(block).toContain('examples/receiver.mjs');
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn('bash', ['-eo', 'pipefail', '-c', block], {
        cwd: directory,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: directory, PB: server.baseUrl },
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.once('close', (code) => resolve({ code, output }));
    });
    // the script's own output is what says which step failed
    if (result.code !== 0) throw new Error(`the Try it block exited ${result.code}:\n${result.output}`);
    const lines = result.output.trim().split('\n');
    expect(result.output).toContain('"warnings": []');
    expect(result.output).toMatch(/"deliveryId":"[0-9a-f-]{36}","duplicate":false/);
    expect(result.output).toMatch(/receiver: refused \S+: No delivery secret to verify with/);
    expect(result.output).toMatch(/"status":"DEAD","lastError":"receiver answered HTTP 401"/);
    expect(result.output).toMatch(/"outcome":"dispatched","handled":true|"outcome":"queued","handled":true/);
    expect(result.output).toMatch(/receiver: delivered \S+ \(github\/issues\): \{.*"action":"opened"/);
    expect(lines[lines.length - 1]).toMatch(/^\{"id":"[0-9a-f-]{36}","status":"DELIVERED","attempts":2\}$/);
  }, 60_000);
});
