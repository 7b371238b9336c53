import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig } from './app-config';
import { EnvSchema } from './env.schema';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid configuration: ${variable} ${detail}`);
  }
}

const KNOWN = new Set(
  Object.keys(new EnvSchema()).concat([
    'DATABASE_URL',
    'DATABASE_LISTEN_URL',
    'REDIS_URL',
    'ADMIN_API_KEY',
    'ENCRYPTION_KEYS',
    'PUBLIC_URL',
    'TRUST_PROXY',
    'LOG_FORMAT',
    'DELIVERY_BACKOFF_MS',
  ]),
);

/**
 * Validates a variable map (process.env in production, a plain object in tests) into AppConfig.
 * Empty strings count as unset so `FOO=` in a .env file falls back to the default.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  context: { stdoutIsTerminal?: boolean } = {},
): AppConfig {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (KNOWN.has(name) && value !== undefined && value !== '') present[name] = value;
  }
  const parsed = plainToInstance(EnvSchema, present);
  const errors = validateSync(parsed, { whitelist: true });
  if (errors.length > 0) {
    const first = errors[0];
    const detail = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    throw new ConfigError(first.property, detail.replace(`${first.property} `, ''));
  }
  return new AppConfig(parsed, { stdoutIsTerminal: context.stdoutIsTerminal ?? false });
}
