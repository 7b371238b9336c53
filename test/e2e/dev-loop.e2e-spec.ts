import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EnvSchema } from '../../src/config/env.schema';
import { testEnv } from '../support/app';
import { registerSecret } from '../support/secrets-audit';
import { MAIN_JS, spawnPlugboard, stopProcess, waitForStatus } from '../support/process';

const ROOT = path.resolve(__dirname, '..', '..');

/** The variable names of the README's configuration table (`A` / `B` rows name two). */
function readmeVariables(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const table = section.split('\n').filter((line) => line.startsWith('| `'));
  return table.flatMap((line) =>
    [...line.split('|')[1].matchAll(/`([A-Z0-9_]+)`/g)].map((match) => match[1]),
  );
}

function exampleVariables(): string[] {
  const example = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8');
  return [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
}

describe('the local development loop', () => {
  describe('.env.example and the README table', () => {
    it('.env.example lists every variable of the README table, and nothing else', () => {
      expect(exampleVariables().sort()).toEqual(readmeVariables().sort());
    });

    it('the README table lists every variable the configuration reads', () => {
      const schemaFields = Object.keys(new EnvSchema()).concat([
        'DATABASE_URL',
        'REDIS_URL',
        'ADMIN_API_KEY',
        'ENCRYPTION_KEYS',
        'PUBLIC_URL',
        'LOG_FORMAT',
      ]);
      expect(readmeVariables()).toEqual(expect.arrayContaining(schemaFields));
    });
  });

  describe('npm run dev', () => {
    const plan = (): { console: string } => {
      const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'dev.mjs'), '--plan'], {
        encoding: 'utf8',
      });
      return JSON.parse(result.stdout) as { console: string };
    };

    it('rebuilds the console only when console/ changed since the last build', () => {
      // npm test builds first, so the console build is newer than its sources
      expect(plan()).toEqual({ console: 'up to date' });
      const source = path.join(ROOT, 'console', 'src', 'main.tsx');
      const { atime, mtime } = fs.statSync(source);
      try {
        const later = new Date(Date.now() + 60_000);
        fs.utimesSync(source, later, later);
        expect(plan()).toEqual({ console: 'rebuild' });
      } finally {
        fs.utimesSync(source, atime, mtime);
      }
    });
  });

  describe('node dist/main.js in a directory with a .env', () => {
    let directory: string;
    beforeAll(() => {
      directory = fs.mkdtempSync(path.join(os.tmpdir(), 'plugboard-dotenv-'));
    });
    afterAll(() => {
      fs.rmSync(directory, { recursive: true, force: true });
    });

    it('reads .env, lets the environment win, and logs pretty lines when LOG_FORMAT=pretty', async () => {
      fs.writeFileSync(
        path.join(directory, '.env'),
        [
          '# a developer file',
          'PUBLIC_URL=http://from-dotenv.test',
          'LOG_FORMAT=pretty',
          'LOG_LEVEL=info',
        ].join('\n'),
      );
      const { PORT: _port, LOG_LEVEL: _level, ...env } = testEnv();
      const started = await spawnPlugboard({ ...env, PUBLIC_URL: 'http://from-env.test' }, MAIN_JS, {
        cwd: directory,
      });
      try {
        await waitForStatus(started);
        await fetch(`${started.baseUrl}/v1/me`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      } finally {
        expect(await stopProcess(started)).toBe(0);
      }
      const output = started.output();
      expect(output).toContain('read ./.env (variables set in the environment win)');
      expect(output).toContain('listening on http://from-env.test');
      expect(output).not.toContain('from-dotenv.test');
      expect(output).toMatch(/^\d\d:\d\d:\d\d INFO {2}GET \/v1\/me → 401 \d+ ms/m);
      expect(output).not.toContain('{"level"');
    });
  });

  describe('a first start that generates the operator key', () => {
    let dataDir: string;
    beforeAll(() => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugboard-first-start-'));
    });
    afterAll(() => {
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('prints the key as a plain line and the next command, which works as printed', async () => {
      const { ADMIN_API_KEY: _key, PORT: _port, ...env } = testEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
      const started = await spawnPlugboard(env);
      let key = '';
      try {
        await waitForStatus(started);
        key = fs.readFileSync(path.join(dataDir, 'admin-key'), 'utf8').trim();
        registerSecret(key);
        const lines = started.output().split('\n');
        expect(lines).toContain(key);
        expect(lines).toContain(`Operator key (shown once; kept in ${path.join(dataDir, 'admin-key')}):`);
        const next = lines.find((line) => line.includes('/v1/me'));
        expect(next).toBe(
          `  curl -s http://localhost:${started.port}/v1/me -H "authorization: Bearer $(cat ${path.join(dataDir, 'admin-key')})"`,
        );
        const me = await fetch(`${started.baseUrl}/v1/me`, { headers: { authorization: `Bearer ${key}` } });
        expect(await me.json()).toEqual({ type: 'operator' });
      } finally {
        expect(await stopProcess(started)).toBe(0);
      }
    });
  });
});
