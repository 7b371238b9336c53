import * as fs from 'node:fs';
import * as path from 'node:path';

/** The only place plugboard reads the process environment (docs/contributing.md "Conventions"). */
export function readProcessEnv(): Record<string, string | undefined> {
  return { ...process.env };
}

/**
 * Reads `.env` from the working directory into the environment, if there is one; variables already
 * set in the environment win (process.loadEnvFile never overwrites them). Returns the file read.
 */
export function loadDotEnvFile(directory = process.cwd()): string | undefined {
  const file = path.join(directory, '.env');
  if (!fs.existsSync(file)) return undefined;
  process.loadEnvFile(file);
  return file;
}
