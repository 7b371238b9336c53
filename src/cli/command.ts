import { ParseArgsConfig } from 'node:util';
import { Plugboard } from '@plugboard/sdk';
import { NotSignedInError, UsageError } from './cli-errors';
import { currentLogin } from './cli-settings';
import { Output } from './output';

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext {
  output: Output;
  values: OptionValues;
  positionals: string[];
  /** A client for the stored login (or PLUGBOARD_URL / PLUGBOARD_API_KEY). */
  client(): Plugboard;
  /** `--org`, else the org of the stored org key. */
  orgId(): string;
}

export interface Command {
  /** Words after `plugboard`, e.g. ['deliveries', 'redrive']. */
  path: string[];
  summary: string;
  /** Arguments and flags after the command words, for `--help`. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(context: CommandContext): Promise<number>;
}

/** Flags every command accepts. */
export const GLOBAL_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  json: { type: 'boolean' },
  org: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

export function createContext(output: Output, values: OptionValues, positionals: string[]): CommandContext {
  const login = currentLogin();
  return {
    output,
    values,
    positionals,
    client: () => {
      if (!login.url || !login.key) {
        throw new NotSignedInError(
          'Not signed in: run `plugboard login --url <url> --key-file <file>` first',
        );
      }
      return new Plugboard({ baseUrl: login.url, apiKey: login.key });
    },
    orgId: () => {
      const orgId = stringOption(values, 'org') ?? login.orgId;
      if (!orgId) throw new UsageError('Which org? Pass --org <orgId> (an org key signs in with its org).');
      return orgId;
    },
  };
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredOption(values: OptionValues, name: string): string {
  const value = stringOption(values, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function numberOption(values: OptionValues, name: string): number | undefined {
  const value = stringOption(values, name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`--${name} must be a positive integer`);
  return number;
}

/** A list command's items: one page of `--limit` (default 50), or every page with `--all`. */
export async function collect<T>(
  list: { page(): Promise<{ items: T[] }>; toArray(max?: number): Promise<T[]> },
  values: OptionValues,
): Promise<T[]> {
  return values.all === true ? list.toArray(Number.MAX_SAFE_INTEGER) : (await list.page()).items;
}
