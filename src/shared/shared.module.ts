import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config';
import { EventBus } from './event-bus';
import { Keyring } from './keyring';
import { MetricsRegistry } from './metrics.registry';
import { OrgContext } from './org-context';
import { OutboundHttp } from './outbound';
import { RedisConnections } from './redis-connections';
import { SweepTargets } from './sweep-targets';

@Global()
@Module({
  providers: [
    EventBus,
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
  exports: [EventBus, OrgContext, MetricsRegistry, Keyring, RedisConnections, OutboundHttp, SweepTargets],
})
export class SharedModule {}
