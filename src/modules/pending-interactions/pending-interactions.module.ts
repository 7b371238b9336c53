import { Module, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config';
import { SweepTargets } from '../../shared/sweep-targets';
import { IngressModule } from '../ingress';
import { IntegrationsModule } from '../integrations';
import { OAuthModule } from '../oauth';
import { ApprovalDesk, SecretProxyModule } from '../secret-proxy';
import { TenancyModule } from '../tenancy';
import { AnswerInteractionRoute } from './answer-interaction.route';
import { ApprovalWaiters } from './approval-waiters';
import { ApprovalsService } from './approvals.service';
import { SlackActionReceivedListener } from './listeners/slack-action-received.listener';
import { PendingInteractionsController } from './pending-interactions.controller';
import {
  PendingInteractionsRepository,
  pendingInteractionSweepTargets,
} from './pending-interactions.repository';
import { PendingInteractionsService } from './pending-interactions.service';
import { SlackChatClient } from './slack-chat.client';

@Module({
  imports: [OAuthModule, IntegrationsModule, IngressModule, SecretProxyModule, TenancyModule],
  controllers: [PendingInteractionsController],
  providers: [
    PendingInteractionsService,
    PendingInteractionsRepository,
    SlackChatClient,
    SlackActionReceivedListener,
    ApprovalsService,
    ApprovalWaiters,
    AnswerInteractionRoute,
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
    this.sweepTargets.register({
      ...pendingInteractionSweepTargets.pendingInteractions,
      params: () => [this.config.interactions.ttlSeconds],
    });
  }
}
