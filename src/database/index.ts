export { dataSourceOptions } from './data-source.options';
export { MigrationData, runMigrations } from './run-migrations';
export { EmbeddedPostgres } from './embedded-postgres';
export { EmbeddedPostgresUnsupportedError } from './embedded-postgres-platform';
export { TransactionRunner, AfterCommit } from './transaction-runner';
export { DatabaseModule } from './database.module';
export { returningRows } from './returning-rows';
export { queryPrepared } from './prepared-query';
export { ChangeChannel, ChangeListener, CHANGE_CHANNEL, LISTEN_APPLICATION_NAME } from './change-channel';
