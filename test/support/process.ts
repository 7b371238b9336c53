import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/**
 * A port for a server a test is about to start. Not the kernel's pick (bind to port 0): that comes
 * from the ephemeral range, which the other jest worker probes too and every outgoing connection
 * and embedded database draws from, so a port found free could be taken before its server bound
 * it. These come from below the ephemeral range, a slice per jest worker, handed out in turn; each
 * is still probed, since something else on the machine may listen there.
 */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < PORTS_PER_WORKER; tries++) {
    const port = ports.next();
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in this worker's slice ${ports.describe()}`);
}

const PORTS_PER_WORKER = 2000;

/** Below 32768 (Linux's default ephemeral range starts there); read the machine's own when it can. */
function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    return Number(low) || 32768;
  } catch {
    return 32768;
  }
}

class PortSlice {
  private readonly first: number;
  private offset: number;

  constructor(worker: number, below: number, slices = 4) {
    this.first = below - PORTS_PER_WORKER * (slices - ((worker - 1) % slices));
    // a random start: two runs of the suite (or a rerun after a crash) need not reuse the same ports
    this.offset = Math.floor(Math.random() * PORTS_PER_WORKER);
  }

  next(): number {
    this.offset = (this.offset + 1) % PORTS_PER_WORKER;
    return this.first + this.offset;
  }

  describe(): string {
    return `${this.first}–${this.first + PORTS_PER_WORKER - 1}`;
  }
}

const ports = new PortSlice(Number(process.env.JEST_WORKER_ID ?? 1), ephemeralRangeStart());

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
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
