import { AppConfig } from '../../config';
import { SweepTargets } from '../../shared/sweep-targets';
import { Module, OnModuleInit } from '@nestjs/common';
import { IntegrationsModule } from '../integrations';
import { SecretProxyModule } from '../secret-proxy';
import { AcceptDeliveryUseCase } from './accept-delivery.usecase';
import { ConversationsController } from './conversations.controller';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesRepository, deliverySweepTargets } from './deliveries.repository';
import { DeliveriesService } from './deliveries.service';
import { DeliveryDispatcher } from './delivery.dispatcher';
import { DeliveryProcessor } from './delivery.processor';
import { DeliveryQueue } from './delivery.queue';
import { DispatchDeliveryUseCase } from './dispatch-delivery.usecase';
import { IngressMetrics } from './ingress.metrics';
import { IngressRoute } from './ingress.route';
import { IntegrationStatusChangedListener } from './listeners/integration-status-changed.listener';
import { NewDeliveries } from './new-deliveries';
import { OutboxPoller } from './outbox.poller';
import { PullCallerGuard } from './pull-caller.guard';
import { PullDeliveriesUseCase } from './pull-deliveries.usecase';
import { PullLeaseReaper } from './pull-lease.reaper';
import { PullWaiters } from './pull-waiters';
import { PullController } from './pull.controller';
import { RawBodyParser } from './raw-body.parser';

@Module({
  imports: [IntegrationsModule, SecretProxyModule],
  controllers: [DeliveriesController, ConversationsController, PullController],
  providers: [
    RawBodyParser,
    IngressRoute,
    IngressMetrics,
    AcceptDeliveryUseCase,
    NewDeliveries,
    DispatchDeliveryUseCase,
    DeliveriesRepository,
    DeliveriesService,
    ConversationsRepository,
    ConversationsService,
    DeliveryQueue,
    DeliveryDispatcher,
    DeliveryProcessor,
    OutboxPoller,
    IntegrationStatusChangedListener,
    PullWaiters,
    PullDeliveriesUseCase,
    PullCallerGuard,
    PullLeaseReaper,
  ],
  exports: [DeliveriesService, ConversationsService],
})
export class IngressModule implements OnModuleInit {
  constructor(
    private readonly sweepTargets: SweepTargets,
    private readonly config: AppConfig,
    private readonly deliveries: DeliveriesService,
  ) {}

  /** Finished and long-parked deliveries and old attempt logs; DEAD rows and their history stay until redriven. */
  onModuleInit(): void {
    const { deliveryRetentionHours, parkedRetentionHours } = this.config.maintenance;
    this.sweepTargets.register({
      ...deliverySweepTargets.deliveries,
      params: () => [deliveryRetentionHours],
    });
    // before the discard below: rows an ENABLED integration should have taken back are never discarded
    this.sweepTargets.registerTask({
      name: 'parkedDeliveriesRedriven',
      run: () => this.deliveries.redriveParkedOfEnabledIntegrations(),
    });
    // parked past the retention: DISCARDED (visible, with a reason), then removed like any finished row
    this.sweepTargets.registerTask({
      name: 'parkedDeliveriesDiscarded',
      run: () => this.deliveries.discardExpiredParked(parkedRetentionHours),
    });
    this.sweepTargets.registerTask({
      name: 'bodyRepeatKeysForgotten',
      run: () => this.deliveries.forgetOldBodyRepeatKeys(),
    });
    this.sweepTargets.register({
      ...deliverySweepTargets.deliveryAttempts,
      params: () => [deliveryRetentionHours],
    });
  }
}
