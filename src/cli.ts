import 'reflect-metadata';
import { Pool } from 'pg';
import { ConfigError, loadConfig, readProcessEnv, resolveGeneratedSecrets } from './config';
import { EmbeddedPostgres } from './database/embedded-postgres';
import { reencryptSecrets } from './database/reencrypt-secrets';
import { Keyring } from './shared/keyring';

const USAGE = `usage: node dist/cli.js reencrypt [--batch-size=N]

reencrypt   re-seal every stored secret with the first key of ENCRYPTION_KEYS, bound to its row;
            batched and resumable (run it again after an interruption). Once it reports no
            unreadable value, the older keys can be removed from ENCRYPTION_KEYS.`;

const write = (line: string) => process.stdout.write(`${line}\n`);

function batchSizeOf(args: string[]): number {
  const option = args.find((arg) => arg.startsWith('--batch-size='));
  const size = option ? Number(option.split('=')[1]) : 500;
  if (!Number.isInteger(size) || size < 1 || size > 10_000) throw new Error('--batch-size must be 1..10000');
  return size;
}

async function reencrypt(args: string[]): Promise<number> {
  const batchSize = batchSizeOf(args);
  const { config } = resolveGeneratedSecrets(loadConfig(readProcessEnv()));
  if (!config.crypto.encryptionKeys) throw new ConfigError('ENCRYPTION_KEYS', 'is required to re-encrypt');
  const keyring = new Keyring(config.crypto.encryptionKeys);
  const embedded = config.database.url
    ? undefined
    : new EmbeddedPostgres({ dataDir: config.dataDir, log: write });
  const pool = new Pool({ connectionString: config.database.url ?? (await embedded!.start()), max: 2 });
  try {
    write(`re-encrypting with key ${keyring.primaryKeyId}, batches of ${batchSize}`);
    const report = await reencryptSecrets(pool, keyring, {
      batchSize,
      onProgress: (progress) =>
        write(
          `${progress.table}.${progress.column}: ${progress.scanned} scanned, ${progress.reencrypted} re-encrypted, ` +
            `${progress.unreadable} unreadable${progress.lastId ? ` (last id ${progress.lastId})` : ''}`,
        ),
    });
    for (const entry of report.unreadable) write(`unreadable: ${entry.reason}`);
    write(
      report.unreadable.length === 0
        ? `done: ${report.reencrypted} re-encrypted; every stored secret uses key ${keyring.primaryKeyId}`
        : `done: ${report.reencrypted} re-encrypted, ${report.unreadable.length} unreadable: keep the older keys until they are resolved`,
    );
    return report.unreadable.length === 0 ? 0 : 1;
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

/** `node dist/cli.js <command>`: operator tasks that work on the database directly. */
async function main(args: string[]): Promise<number> {
  if (args[0] === 'reencrypt') return reencrypt(args.slice(1));
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
