import { DataSource } from 'typeorm';
import { ADVISORY_LOCKS } from '../shared/advisory-locks';
import { dataSourceOptions } from './data-source.options';

/**
 * Applies pending migrations. Several processes starting at once on a fresh database (N API
 * processes and M workers) serialise on a session-level advisory lock held on a connection of its
 * own: TypeORM alone lets two of them run the same migration and one start-up fails.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource({
    ...dataSourceOptions(url, { poolSize: 2 }),
    migrationsTransactionMode: 'each',
  });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCKS.migrations]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCKS.migrations]).catch(() => undefined);
    await lock.release();
    await dataSource.destroy();
  }
}
