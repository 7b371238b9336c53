import { DataSource, MigrationExecutor } from 'typeorm';
import { ADVISORY_LOCKS } from '../shared/advisory-locks';
import { dataSourceOptions } from './data-source.options';

/**
 * What a migration may need beyond SQL, handed to it as `queryRunner.data` (migrations are compiled
 * on their own and read no configuration): the keys of a migration that re-encrypts stored secrets.
 */
export interface MigrationData {
  encryptionKeys?: string;
}

/**
 * Applies pending migrations. Several processes starting at once on a fresh database (N API
 * processes and M workers) serialise on a session-level advisory lock held by the session that runs
 * them: TypeORM alone lets two of them run the same migration and one start-up fails.
 */
export async function runMigrations(url: string, data: MigrationData = {}): Promise<string[]> {
  const dataSource = new DataSource({
    ...dataSourceOptions(url, { poolSize: 2 }),
    migrationsTransactionMode: 'each',
  });
  await dataSource.initialize();
  const session = dataSource.createQueryRunner();
  try {
    await session.connect();
    await session.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCKS.migrations]);
    session.data = data;
    const executor = new MigrationExecutor(dataSource, session);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    return applied.map((migration) => migration.name);
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCKS.migrations]).catch(() => undefined);
    await session.release();
    await dataSource.destroy();
  }
}
