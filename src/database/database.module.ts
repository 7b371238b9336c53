import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config';
import { dataSourceOptions } from './data-source.options';
import { ChangeChannel } from './change-channel';
import { TransactionRunner } from './transaction-runner';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(requireUrl(config)),
        autoLoadEntities: true,
        // never retry forever at boot: a wrong DATABASE_URL should fail start-up visibly
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [TransactionRunner, ChangeChannel],
  exports: [TransactionRunner, ChangeChannel],
})
export class DatabaseModule {}

function requireUrl(config: AppConfig): string {
  if (!config.database.url)
    throw new Error('database URL is not resolved (embedded PostgreSQL not started?)');
  return config.database.url;
}
