import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IntegrationsModule } from '../integrations';
import { AcceptDeliveryUseCase } from './accept-delivery.usecase';
import { ConversationMappingEntity } from './conversation-mapping.entity';
import { ConversationsController } from './conversations.controller';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveriesService } from './deliveries.service';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryProcessor } from './delivery.processor';
import { DeliveryQueue } from './delivery.queue';
import { DispatchDeliveryUseCase } from './dispatch-delivery.usecase';
import { IngressController } from './ingress.controller';
import { IngressMetrics } from './ingress.metrics';
import { IntegrationStatusChangedListener } from './listeners/integration-status-changed.listener';
import { OutboxPoller } from './outbox.poller';
import { RawBodyParser } from './raw-body.parser';

@Module({
  imports: [
    IntegrationsModule,
    TypeOrmModule.forFeature([DeliveryEntity, DeliveryAttemptEntity, ConversationMappingEntity]),
  ],
  controllers: [IngressController, DeliveriesController, ConversationsController],
  providers: [
    RawBodyParser,
    IngressMetrics,
    AcceptDeliveryUseCase,
    DispatchDeliveryUseCase,
    DeliveriesRepository,
    DeliveriesService,
    ConversationsRepository,
    ConversationsService,
    DeliveryQueue,
    DeliveryProcessor,
    OutboxPoller,
    IntegrationStatusChangedListener,
  ],
  exports: [DeliveriesService, ConversationsService],
})
export class IngressModule {}
