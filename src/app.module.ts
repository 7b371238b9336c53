import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { ClsModule, ClsService } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config';
import { DatabaseModule } from './database/database.module';
import { loggerOptions, LogDestination, PLAIN_FASTIFY_ROUTES } from './logging';
import { IngressModule } from './modules/ingress';
import { IntegrationsModule } from './modules/integrations';
import { MaintenanceModule } from './modules/maintenance';
import { OAuthModule } from './modules/oauth';
import { OperationsModule } from './modules/operations';
import { PendingInteractionsModule } from './modules/pending-interactions';
import { SecretProxyModule } from './modules/secret-proxy';
import { TenancyModule } from './modules/tenancy';
import { SharedModule } from './shared/shared.module';

export interface AppModuleOptions {
  config: AppConfig;
  logDestination?: LogDestination;
}

@Module({})
export class AppModule implements NestModule {
  constructor(private readonly cls: ClsService) {}

  static forRoot({ config, logDestination }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        {
          module: ConfigHolderModule,
          global: true,
          providers: [{ provide: AppConfig, useValue: config }],
          exports: [AppConfig],
        },
        LoggerModule.forRoot(loggerOptions(config, logDestination)),
        // mounted in configure() below, for every route but the plain Fastify ones
        ClsModule.forRoot({ global: true, middleware: { mount: false } }),
        EventEmitterModule.forRoot({ wildcard: false, ignoreErrors: false }),
        ScheduleModule.forRoot(),
        DatabaseModule,
        SharedModule,
        OperationsModule,
        TenancyModule,
        MaintenanceModule,
        OAuthModule,
        PendingInteractionsModule,
        IntegrationsModule,
        IngressModule,
        SecretProxyModule,
      ],
    };
  }

  /**
   * The request context (CLS: the principal and the org, set by the API-key guard) for the API's
   * routes. The proxy and ingress routes set up what they need themselves (the proxy runs its
   * lookups in the worker's org context), and a per-request context there cost a tenth of their
   * time. A plain function rather than nestjs-cls's ClsMiddleware, whose `use` is an instance field
   * that Nest's route exclusion cannot wrap.
   */
  configure(consumer: MiddlewareConsumer): void {
    const cls = this.cls;
    consumer
      .apply(function requestContext(_request: unknown, _response: unknown, next: () => void) {
        cls.run(next);
      })
      .exclude(...PLAIN_FASTIFY_ROUTES.map((path) => ({ path, method: RequestMethod.ALL })))
      .forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}

@Module({})
class ConfigHolderModule {}
