import * as fs from 'node:fs';
import { Plugboard } from '@plugboard/sdk';
import { readProcessEnv } from '../../config';
import { UsageError } from '../cli-errors';
import { forgetLogin, loginFile, saveLogin } from '../cli-settings';
import { Command, stringOption } from '../command';
import { details } from '../output';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The key from --key-file, --key, PLUGBOARD_API_KEY or piped stdin (in that order). */
async function readKey(values: Record<string, unknown>): Promise<string> {
  const file = stringOption(values as never, 'key-file');
  const key =
    (file ? fs.readFileSync(file, 'utf8') : undefined) ??
    stringOption(values as never, 'key') ??
    readProcessEnv().PLUGBOARD_API_KEY ??
    (process.stdin.isTTY ? undefined : await readStdin());
  const trimmed = key?.trim();
  if (!trimmed) throw new UsageError('No key: pass --key-file <file> (or --key, or pipe it on stdin)');
  return trimmed;
}

export const loginCommand: Command = {
  path: ['login'],
  summary: 'Check a key against plugboard and store URL + key in your config directory (0600)',
  usage: '[--url http://localhost:3000] (--key-file <file> | --key <key> | key on stdin)',
  options: { url: { type: 'string' }, key: { type: 'string' }, 'key-file': { type: 'string' } },
  async run({ output, values }) {
    const url = (
      stringOption(values, 'url') ??
      readProcessEnv().PLUGBOARD_URL ??
      'http://localhost:3000'
    ).replace(/\/+$/, '');
    const key = await readKey(values);
    const me = await new Plugboard({ baseUrl: url, apiKey: key }).me();
    const file = saveLogin({ url, key, ...(me.type === 'org' ? { orgId: me.orgId } : {}) });
    if (output.json) {
      output.data({ url, ...me, configFile: file });
    } else {
      output.line(
        me.type === 'operator'
          ? `Signed in to ${url} as the operator.`
          : `Signed in to ${url} as org ${me.orgId} (key ${me.keyId}).`,
      );
      output.line(`Saved to ${file} (mode 0600).`);
    }
    return 0;
  },
};

export const logoutCommand: Command = {
  path: ['logout'],
  summary: 'Forget the stored URL and key',
  usage: '',
  options: {},
  async run({ output }) {
    const removed = forgetLogin();
    if (output.json) output.data({ removed, configFile: loginFile() });
    else output.line(removed ? `Removed ${loginFile()}.` : 'Not signed in.');
    return 0;
  },
};

export const whoamiCommand: Command = {
  path: ['whoami'],
  summary: 'Who the stored key belongs to (GET /v1/me)',
  usage: '',
  options: {},
  async run({ output, client }) {
    const me = await client().me();
    if (output.json) output.data(me);
    else output.line(details(me));
    return 0;
  },
};
