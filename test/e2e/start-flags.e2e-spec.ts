import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const ROOT = path.resolve(__dirname, '..', '..');
const scripts = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/** The Node.js flags a command line puts between `node` and `dist/main.js`. */
function flagsOf(commandLine: string): string[] {
  const match = /node((?: --[\w-]+(?:=\S+)?)*) dist\/main\.js/.exec(commandLine);
  if (!match) throw new Error(`no "node … dist/main.js" in ${commandLine}`);
  return match[1].split(' ').filter(Boolean);
}

function imageFlags(): string[] {
  const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(path.join(ROOT, 'deploy', 'Dockerfile'), 'utf8'));
  if (!cmd) throw new Error('no CMD in deploy/Dockerfile');
  return flagsOf((JSON.parse(cmd[1]) as string[]).join(' '));
}

/** Every command line in deploy/'s compose file and systemd units that starts an API process or a worker. */
function deployedCommandLines(): string[] {
  const read = (file: string) => readFileSync(path.join(ROOT, 'deploy', file), 'utf8');
  const compose = [...read('docker-compose.yml').matchAll(/^\s*command: (\[.*\])$/gm)].map((match) =>
    (JSON.parse(match[1].replace(/'/g, '"')) as string[]).join(' '),
  );
  const units = ['plugboard-api.service', 'plugboard-worker.service'].map((unit) => {
    const execStart = /^ExecStart=\S*node(.*)$/m.exec(read(unit));
    if (!execStart) throw new Error(`no ExecStart in deploy/${unit}`);
    return `node${execStart[1]}`;
  });
  return [...compose, ...units]
    .filter((line) => line.includes(' dist/'))
    .map((line) => line.replace('dist/worker.js', 'dist/main.js'));
}

describe('the Node.js flags plugboard is started with', () => {
  it('are the same for npm start, npm run start:dist and the image', () => {
    expect(flagsOf(scripts['start:dist'])).toEqual(['--min-semi-space-size=16']);
    expect(flagsOf(scripts.start)).toEqual(flagsOf(scripts['start:dist']));
    expect(imageFlags()).toEqual(flagsOf(scripts['start:dist']));
  });

  it('are the ones deploy/ starts the API processes and the workers with', () => {
    const lines = deployedCommandLines();
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(flagsOf(line)).toEqual(flagsOf(scripts['start:dist']));
  });

  // V8 grows the young generation under load and shrinks it back to where it started (1 MiB a
  // semi-space) when it gives memory back: the soak benchmark saw RSS step by 10–30 MiB that way with
  // a flat heap. With the start flags it stops at 16 MiB a semi-space.
  it('keep the young generation at 16 MiB or more when V8 gives memory back', async () => {
    const probe = path.join(ROOT, 'test', 'support', 'young-generation-probe.cjs');
    const { stdout } = await run(process.execPath, [...flagsOf(scripts['start:dist']), probe]);
    const { grown, now } = JSON.parse(stdout) as { grown: number; now: number };
    expect(now).toBeLessThan(grown);
    expect(now).toBeGreaterThanOrEqual(16);
  }, 30_000);
});
