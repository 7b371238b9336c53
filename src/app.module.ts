import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config';
import { DatabaseModule } from './database/database.module';
import { loggerOptions, LogDestination } from './logging';
import { AuditModule } from './modules/audit';
import { IngressModule } from './modules/ingress';
import { IntegrationsModule } from './modules/integrations';
import { MaintenanceModule } from './modules/maintenance';
import { OAuthModule } from './modules/oauth';
import { OperationsModule } from './modules/operations';
import { PendingInteractionsModule } from './modules/pending-interactions';
import { SecretProxyModule } from './modules/secret-proxy';
import { TenancyModule } from './modules/tenancy';
import { RawRoutes } from './shared/raw-routes';
import { SharedModule } from './shared/shared.module';

export interface AppModuleOptions {
  config: AppConfig;
  logDestination?: LogDestination;
  /** The routes taken before Fastify (create-app builds the server with them). */
  rawRoutes: RawRoutes;
}

@Module({})
export class AppModule {
  static forRoot({ config, logDestination, rawRoutes }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        {
          module: ConfigHolderModule,
          global: true,
          providers: [
            { provide: AppConfig, useValue: config },
            { provide: RawRoutes, useValue: rawRoutes },
          ],
          exports: [AppConfig, RawRoutes],
        },
        LoggerModule.forRoot(loggerOptions(config, logDestination)),
        EventEmitterModule.forRoot({ wildcard: false, ignoreErrors: false }),
        ScheduleModule.forRoot(),
        DatabaseModule,
        SharedModule,
        OperationsModule,
        TenancyModule,
        MaintenanceModule,
        AuditModule,
        OAuthModule,
        PendingInteractionsModule,
        IntegrationsModule,
        IngressModule,
        SecretProxyModule,
      ],
    };
  }
}

@Module({})
class ConfigHolderModule {}
