import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT } from '../cli-errors';
import { Command } from '../command';

/**
 * Re-encrypting opens the database itself (it is not an API call), so it runs the server's own
 * `node dist/cli.js reencrypt` beside this file, with this environment (DATABASE_URL,
 * ENCRYPTION_KEYS, a .env in the working directory) and its output and exit code.
 */
export const adminReencryptCommand: Command = {
  path: ['admin', 'reencrypt'],
  summary:
    'Re-encrypt every stored secret with the first ENCRYPTION_KEYS key (runs node dist/cli.js reencrypt)',
  usage: '(on the server, with its DATABASE_URL and ENCRYPTION_KEYS)',
  options: {},
  async run({ output }) {
    const script = path.resolve(__dirname, '..', '..', 'cli.js');
    if (!fs.existsSync(script)) {
      output.error(`${script} is not in this build: re-encryption ships with a later release.`);
      return EXIT.usage;
    }
    const child = spawn(process.execPath, [script, 'reencrypt'], { stdio: 'inherit' });
    return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? EXIT.apiError)));
  },
};
