import { ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { auditLogLine } from './secrets-audit';

export const MAIN_JS = path.resolve(__dirname, '..', '..', 'dist', 'main.js');
export const WORKER_JS = path.resolve(__dirname, '..', '..', 'dist', 'worker.js');

export interface PlugboardProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  output(): string;
  exited: Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs the built `node dist/main.js` as a real process (npm test builds first). */
export async function spawnPlugboard(
  env: Record<string, string>,
  script = MAIN_JS,
  options: { cwd?: string } = {},
): Promise<PlugboardProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  let output = '';
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: options.cwd,
  });
  // the secrets audit reads spawned processes' logs too (any later http() or app close reports a hit)
  const capture = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output += text;
    text.split('\n').filter(Boolean).forEach(auditLogLine);
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, port, baseUrl: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** Polls GET path until it answers `status`, the process exits, or the timeout passes. */
export async function waitForStatus(
  target: PlugboardProcess,
  pathname = '/health/ready',
  status = 200,
  timeoutMs = 30_000,
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (target.child.exitCode !== null) throw new Error(`plugboard exited early:\n${target.output()}`);
    try {
      const response = await fetch(`${target.baseUrl}${pathname}`);
      if (response.status === status) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no ${status} from ${pathname} within ${timeoutMs} ms:\n${target.output()}`);
}

export async function stopProcess(
  target: PlugboardProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<number | null> {
  if (target.child.exitCode !== null) return target.child.exitCode;
  target.child.kill(signal);
  return target.exited;
}
