import { Module, OnModuleInit } from '@nestjs/common';
import { SweepTargets } from '../../shared/sweep-targets';
import { AuditModule } from '../audit';
import { AccessTokenService, OAuthModule } from '../oauth';
import { AgentsController } from './agents.controller';
import { AgentsRepository } from './agents.repository';
import { AgentsService } from './agents.service';
import { ApprovalDesk } from './approval-desk';
import { CREDENTIAL_SOURCE } from './credential-source';
import { ForwardRequestUseCase } from './forward-request.usecase';
import { HoldForApprovalUseCase } from './hold-for-approval.usecase';
import { PlaceholdersRepository, placeholderSweepTargets } from './placeholders.repository';
import { PlaceholdersService } from './placeholders.service';
import { ProxyRoute } from './proxy.route';
import { ProxyMetrics } from './proxy.metrics';
import { WorkerTokensRepository, workerTokenSweepTargets } from './worker-tokens.repository';
import { WorkerTokensService } from './worker-tokens.service';

@Module({
  imports: [OAuthModule, AuditModule],
  controllers: [AgentsController],
  providers: [
    AgentsService,
    AgentsRepository,
    WorkerTokensService,
    WorkerTokensRepository,
    PlaceholdersService,
    PlaceholdersRepository,
    ForwardRequestUseCase,
    HoldForApprovalUseCase,
    ApprovalDesk,
    ProxyRoute,
    ProxyMetrics,
    { provide: CREDENTIAL_SOURCE, useExisting: AccessTokenService },
  ],
  exports: [WorkerTokensService, ApprovalDesk],
})
export class SecretProxyModule implements OnModuleInit {
  constructor(private readonly sweepTargets: SweepTargets) {}

  onModuleInit(): void {
    this.sweepTargets.register(placeholderSweepTargets.placeholders);
    this.sweepTargets.register(workerTokenSweepTargets.workerTokens);
  }
}
