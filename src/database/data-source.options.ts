import * as path from 'node:path';
import { DataSourceOptions } from 'typeorm';

/**
 * Migrations are compiled to dist/migrations; under ts-jest this file runs from src/database and
 * the TypeScript sources in migrations/ are used instead.
 */
function migrationGlob(): string {
  const runningTypeScript = __filename.endsWith('.ts');
  return runningTypeScript
    ? path.join(__dirname, '..', '..', 'migrations', '*.ts')
    : path.join(__dirname, '..', 'migrations', '*.js');
}

export function dataSourceOptions(url: string, overrides: { poolSize?: number } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: [migrationGlob()],
    migrationsTableName: 'schema_migrations',
    entities: [],
    logging: false,
    extra: {
      max: overrides.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      // a hung query must not hold a pooled connection forever
      statement_timeout: 30_000,
      idle_in_transaction_session_timeout: 60_000,
    },
  };
}
