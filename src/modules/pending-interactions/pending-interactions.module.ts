import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../config';
import { SweepTargets } from '../../shared/sweep-targets';
import { IngressModule } from '../ingress';
import { IntegrationsModule } from '../integrations';
import { OAuthModule } from '../oauth';
import { ApprovalDesk, SecretProxyModule } from '../secret-proxy';
import { ApprovalWaiters } from './approval-waiters';
import { ApprovalsService } from './approvals.service';
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
    SecretProxyModule,
  ],
  controllers: [PendingInteractionsController],
  providers: [
    PendingInteractionsService,
    PendingInteractionsRepository,
    SlackChatClient,
    SlackActionReceivedListener,
    InteractionAnsweredListener,
    ApprovalsService,
    ApprovalWaiters,
  ],
  exports: [PendingInteractionsService],
})
export class PendingInteractionsModule implements OnModuleInit {
  constructor(
    private readonly sweepTargets: SweepTargets,
    private readonly config: AppConfig,
    private readonly approvalDesk: ApprovalDesk,
    private readonly approvals: ApprovalsService,
  ) {}

  onModuleInit(): void {
    // the secret proxy asks its approvals through this module (which depends on it, not the reverse)
    this.approvalDesk.attach(this.approvals);
    // answered or not, a question older than the TTL is done with; rows are picked by ctid because
    // an id alone may name a live interaction of another org
    this.sweepTargets.register({
      name: 'pendingInteractions',
      table: 'pending_interactions',
      // an approval still waiting for its answer stays until its own expiry, however short the TTL
      where: 'created_at < now() - make_interval(secs => $1) AND (expires_at IS NULL OR expires_at < now())',
      params: () => [this.config.interactions.ttlSeconds],
      key: 'ctid',
    });
  }
}
