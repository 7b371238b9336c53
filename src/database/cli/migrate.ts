import { loadConfig, readProcessEnv, resolveGeneratedSecrets } from '../../config';
import { EmbeddedPostgres } from '../embedded-postgres';
import { runMigrations } from '../run-migrations';

/** `npm run migration:run`: the same migrations start-up applies, against DATABASE_URL or the embedded cluster. */
async function main(): Promise<void> {
  const { config } = resolveGeneratedSecrets(loadConfig(readProcessEnv()));
  const log = (message: string) => process.stdout.write(`${message}\n`);
  const embedded = config.database.url ? undefined : new EmbeddedPostgres({ dataDir: config.dataDir, log });
  const url = config.database.url ?? (await embedded!.start());
  try {
    const applied = await runMigrations(url, { encryptionKeys: config.crypto.encryptionKeys });
    log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
