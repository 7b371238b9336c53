import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../config';
import { SweepTargets } from '../../shared/sweep-targets';
import { IngressModule } from '../ingress';
import { IntegrationsModule } from '../integrations';
import { OAuthModule } from '../oauth';
import { InteractionAnsweredListener } from './listeners/interaction-answered.listener';
import { SlackActionReceivedListener } from './listeners/slack-action-received.listener';
import { PendingInteractionEntity } from './pending-interaction.entity';
import { PendingInteractionsController } from './pending-interactions.controller';
import { PendingInteractionsRepository } from './pending-interactions.repository';
import { PendingInteractionsService } from './pending-interactions.service';
import { SlackChatClient } from './slack-chat.client';

@Module({
  imports: [
    TypeOrmModule.forFeature([PendingInteractionEntity]),
    OAuthModule,
    IntegrationsModule,
    IngressModule,
  ],
  controllers: [PendingInteractionsController],
  providers: [
    PendingInteractionsService,
    PendingInteractionsRepository,
    SlackChatClient,
    SlackActionReceivedListener,
    InteractionAnsweredListener,
  ],
  exports: [PendingInteractionsService],
})
export class PendingInteractionsModule implements OnModuleInit {
  constructor(
    private readonly sweepTargets: SweepTargets,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // answered or not, a question older than the TTL is done with; rows are picked by ctid because
    // an id alone may name a live interaction of another org
    this.sweepTargets.register({
      name: 'pendingInteractions',
      table: 'pending_interactions',
      where: 'created_at < now() - make_interval(secs => $1)',
      params: () => [this.config.interactions.ttlSeconds],
      key: 'ctid',
    });
  }
}
