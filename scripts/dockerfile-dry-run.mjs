// Performs deploy/Dockerfile's steps without Docker, in a clean directory, then starts the result.
//   node scripts/dockerfile-dry-run.mjs --node-bin <dir with Node 24's node> [--keep]
// Each stage gets its own root folder (an absolute path in the Dockerfile is taken under it); the
// build context is the repository minus .dockerignore; RUN steps run with `sh -c`, the stage's ENV,
// HOME under the stage root and the given node first on PATH (copied to /usr/local/bin/node, where
// the node images keep it). Then the final stage's CMD is started as an unprivileged user (nobody
// stands in for the image's non-root USER) twice: with DATABASE_URL (a scratch database on
// TEST_DATABASE_URL's server) and with the embedded PostgreSQL; each must answer /health/ready and
// pass the HEALTHCHECK command. Exits non-zero on the first failure. .ci/run runs it.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOCKERFILE = path.join(ROOT, 'deploy', 'Dockerfile');
const UNPRIVILEGED = { uid: 65534, gid: 65534 };

function option(name) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function fail(message) {
  console.error(`dockerfile dry run FAILED: ${message}`);
  process.exit(1);
}

/** Instructions in order, continuation lines joined, comments dropped. */
function parseDockerfile(text) {
  const logical = text.replace(/\\\n/g, ' ').split('\n');
  return logical
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [instruction, ...rest] = line.split(/\s+/);
      return {
        instruction: instruction.toUpperCase(),
        args: line.slice(instruction.length).trim(),
        words: rest,
      };
    });
}

/** .dockerignore patterns: `name`, `dir/name`, `*.ext`, `**` for any folders. */
function ignoreMatcher() {
  const file = path.join(ROOT, '.dockerignore');
  const patterns = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((pattern) => {
      const source = pattern
        .replace(/[.+^${}()|[\]]/g, '\\$&')
        .replace(/\*\*\//g, '(.*/)?')
        .replace(/\*\*/g, '.*')
        .replace(/(?<!\.)\*/g, '[^/]*');
      return new RegExp(`^${source}(/.*)?$`);
    });
  return (relative) => patterns.some((pattern) => pattern.test(relative));
}

function copyContext(source, target, isIgnored) {
  const relative = path.relative(ROOT, source);
  if (relative && isIgnored(relative)) return;
  const stat = fs.lstatSync(source);
  if (stat.isDirectory()) {
    fs.mkdirSync(target, { recursive: true });
    for (const entry of fs.readdirSync(source))
      copyContext(path.join(source, entry), path.join(target, entry), isIgnored);
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.cpSync(source, target, { verbatimSymlinks: true });
  }
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(baseUrl, child, output) {
  const started = Date.now();
  while (Date.now() - started < 90_000) {
    if (child.exitCode !== null) fail(`the image's CMD exited early:\n${output()}`);
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).ok) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  fail(`no 200 from /health/ready within 90 s:\n${output()}`);
}

const nodeBin = option('node-bin');
if (!nodeBin || !fs.existsSync(path.join(nodeBin, 'node'))) fail('pass --node-bin <dir holding node>');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'plugboard-dockerfile-'));
fs.chmodSync(out, 0o755);
const isIgnored = ignoreMatcher();
const stages = [];
let stage;
const toStagePath = (value) =>
  path.isAbsolute(value) ? path.join(stage.root, value) : path.join(stage.cwd, value);

for (const { instruction, args, words } of parseDockerfile(fs.readFileSync(DOCKERFILE, 'utf8'))) {
  if (instruction === 'FROM') {
    const root = path.join(out, `stage-${stages.length}`);
    stage = {
      image: words[0],
      name: words[2] ?? String(stages.length),
      root,
      cwd: root,
      env: {},
      user: 'root',
    };
    stages.push(stage);
    const local = path.join(root, 'usr', 'local', 'bin');
    fs.mkdirSync(local, { recursive: true });
    fs.copyFileSync(path.join(nodeBin, 'node'), path.join(local, 'node'));
    fs.chmodSync(path.join(local, 'node'), 0o755);
    console.log(`\n== FROM ${stage.image} (${root})`);
  } else if (instruction === 'WORKDIR') {
    stage.cwd = toStagePath(args);
    fs.mkdirSync(stage.cwd, { recursive: true });
  } else if (instruction === 'ENV') {
    const [name, ...value] = args.includes('=') ? args.split('=') : args.split(/\s+/);
    stage.env[name] = value.join(args.includes('=') ? '=' : ' ');
  } else if (instruction === 'USER') {
    stage.user = args;
  } else if (instruction === 'COPY') {
    const from = words.find((word) => word.startsWith('--from='))?.slice('--from='.length);
    const paths = words.filter((word) => !word.startsWith('--'));
    const destination = paths.pop();
    const target = toStagePath(destination);
    const origin = from ? stages.find((candidate) => candidate.name === from) : undefined;
    if (from && !origin) fail(`COPY --from=${from}: no such stage`);
    for (const source of paths) {
      const resolved = origin ? path.join(origin.root, source) : path.join(ROOT, source);
      if (!fs.existsSync(resolved)) fail(`COPY ${source}: not found`);
      const into = destination.endsWith('/') || paths.length > 1 || source === '.' ? target : undefined;
      const final = into && source !== '.' ? path.join(into, path.basename(source)) : (into ?? target);
      if (origin) fs.cpSync(resolved, final, { recursive: true, verbatimSymlinks: true });
      else copyContext(resolved, final, isIgnored);
    }
    console.log(`COPY ${args}`);
  } else if (instruction === 'RUN') {
    const home = path.join(stage.root, stage.user === 'root' ? 'root' : path.join('home', stage.user));
    fs.mkdirSync(home, { recursive: true });
    console.log(`RUN ${args}`);
    const result = spawnSync('sh', ['-c', args], {
      cwd: stage.cwd,
      stdio: 'inherit',
      env: {
        ...process.env,
        ...stage.env,
        HOME: home,
        PATH: `${path.join(stage.root, 'usr', 'local', 'bin')}:${process.env.PATH}`,
      },
    });
    if (result.status !== 0) fail(`RUN ${args} exited ${result.status}`);
  } else if (['CMD', 'HEALTHCHECK', 'VOLUME', 'EXPOSE'].includes(instruction)) {
    stage[instruction.toLowerCase()] = args;
  } else {
    fail(`unsupported instruction ${instruction}`);
  }
}

const final = stages[stages.length - 1];
for (const { image } of stages) if (!/^node:24[.-]/.test(image)) fail(`base image ${image} is not Node 24`);
if (final.user === 'root') fail('the final stage runs as root: set a USER');
if (!final.healthcheck) fail('the final stage has no HEALTHCHECK');
const command = JSON.parse(final.cmd);
const healthcheck = JSON.parse(final.healthcheck.slice(final.healthcheck.indexOf('CMD') + 3).trim());
const home = path.join(final.root, 'home', final.user);
const env = Object.fromEntries(
  Object.entries(final.env).map(([name, value]) => [
    name,
    value.startsWith('/') ? path.join(final.root, value) : value,
  ]),
);
spawnSync('chown', ['-R', `${UNPRIVILEGED.uid}:${UNPRIVILEGED.gid}`, home]);

async function startImage(label, extraEnv) {
  const port = await freePort();
  const runEnv = {
    ...env,
    ...extraEnv,
    HOME: home,
    PORT: String(port),
    PATH: `${path.join(final.root, 'usr', 'local', 'bin')}:/usr/bin:/bin`,
  };
  let output = '';
  const child = spawn(
    command[0] === 'node' ? path.join(final.root, 'usr/local/bin/node') : command[0],
    command.slice(1),
    {
      cwd: final.cwd,
      env: runEnv,
      uid: UNPRIVILEGED.uid,
      gid: UNPRIVILEGED.gid,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  try {
    const tookMs = await waitReady(`http://127.0.0.1:${port}`, child, () => output);
    const probe = spawnSync(path.join(final.root, 'usr/local/bin/node'), healthcheck.slice(1), {
      env: runEnv,
      uid: UNPRIVILEGED.uid,
      gid: UNPRIVILEGED.gid,
    });
    if (probe.status !== 0) fail(`${label}: HEALTHCHECK exited ${probe.status}`);
    console.log(`${label}: ready in ${tookMs} ms as uid ${UNPRIVILEGED.uid}; HEALTHCHECK passed`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve()));
  }
  return output;
}

const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `plugboard_dockerfile_${process.pid}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${database}`);
try {
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${database}`;
  await startImage('with DATABASE_URL', { DATABASE_URL: databaseUrl.toString() });
  const embedded = await startImage('with the embedded PostgreSQL', {});
  const dataDir = env.DATA_DIR;
  if (!fs.existsSync(path.join(dataDir, 'admin-key')))
    fail(`no generated operator key in ${dataDir}:\n${embedded}`);
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
  if (!process.argv.includes('--keep')) fs.rmSync(out, { recursive: true, force: true });
}
console.log('dockerfile dry run passed');
