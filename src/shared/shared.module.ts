import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AppConfig } from '../config';
import { EventBus } from './event-bus';
import { Keyring } from './keyring';
import { MetricsRegistry } from './metrics.registry';
import { OrgContext } from './org-context';
import { OutboundHttp } from './outbound';
import { RedisConnections } from './redis-connections';
import { RequestContext, RequestContextMiddleware } from './request-context';
import { SweepTargets } from './sweep-targets';

@Global()
@Module({
  providers: [
    EventBus,
    RequestContext,
    OrgContext,
    MetricsRegistry,
    RedisConnections,
    OutboundHttp,
    SweepTargets,
    {
      provide: Keyring,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new Keyring(config.crypto.encryptionKeys ?? Keyring.generateKeySpec()),
    },
  ],
  exports: [
    EventBus,
    RequestContext,
    OrgContext,
    MetricsRegistry,
    Keyring,
    RedisConnections,
    OutboundHttp,
    SweepTargets,
  ],
})
export class SharedModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // every route Nest serves; the raw routes (proxy, ingress, answers) are taken before Fastify
    consumer.apply(RequestContextMiddleware).forRoutes('{*path}');
  }
}
