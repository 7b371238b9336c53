import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readProcessEnv } from '../config';

/** What `plugboard login` stores: where plugboard is, the key, and the org an org key belongs to. */
export interface StoredLogin {
  url: string;
  key: string;
  orgId?: string;
}

/** `$XDG_CONFIG_HOME/plugboard` (default `~/.config/plugboard`), on Linux and macOS alike. */
export function configDirectory(env = readProcessEnv()): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'plugboard');
}

export function loginFile(env = readProcessEnv()): string {
  return path.join(configDirectory(env), 'login.json');
}

/** Written 0600 in a 0700 directory: the key is a credential. */
export function saveLogin(login: StoredLogin, env = readProcessEnv()): string {
  const file = loginFile(env);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
  fs.chmodSync(file, 0o600);
  return file;
}

export function forgetLogin(env = readProcessEnv()): boolean {
  const file = loginFile(env);
  if (!fs.existsSync(file)) return false;
  fs.rmSync(file);
  return true;
}

/** The stored login, with PLUGBOARD_URL / PLUGBOARD_API_KEY / PLUGBOARD_ORG_ID taking precedence. */
export function currentLogin(env = readProcessEnv()): Partial<StoredLogin> {
  let stored: Partial<StoredLogin> = {};
  const file = loginFile(env);
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<StoredLogin>;
  return {
    url: env.PLUGBOARD_URL || stored.url,
    key: env.PLUGBOARD_API_KEY || stored.key,
    orgId: env.PLUGBOARD_ORG_ID || stored.orgId,
  };
}
