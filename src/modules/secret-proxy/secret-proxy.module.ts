import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SweepTargets } from '../../shared/sweep-targets';
import { AuditModule } from '../audit';
import { AccessTokenService, OAuthModule } from '../oauth';
import { AgentEntity } from './agent.entity';
import { AgentsController } from './agents.controller';
import { AgentsRepository } from './agents.repository';
import { AgentsService } from './agents.service';
import { ApprovalDesk } from './approval-desk';
import { CREDENTIAL_SOURCE } from './credential-source';
import { ForwardRequestUseCase } from './forward-request.usecase';
import { HoldForApprovalUseCase } from './hold-for-approval.usecase';
import { PlaceholderEntity } from './placeholder.entity';
import { PlaceholdersRepository } from './placeholders.repository';
import { PlaceholdersService } from './placeholders.service';
import { ProxyRoute } from './proxy.route';
import { ProxyMetrics } from './proxy.metrics';
import { WorkerTokenEntity } from './worker-token.entity';
import { WorkerTokensRepository } from './worker-tokens.repository';
import { WorkerTokensService } from './worker-tokens.service';

@Module({
  imports: [
    OAuthModule,
    AuditModule,
    TypeOrmModule.forFeature([AgentEntity, WorkerTokenEntity, PlaceholderEntity]),
  ],
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

  /** Expired placeholders and worker tokens go with the global sweep; revoked tokens stay until they expire (403, not 401). */
  onModuleInit(): void {
    this.sweepTargets.register({
      name: 'placeholders',
      table: 'proxy_placeholders',
      where: 'expires_at < now()',
    });
    this.sweepTargets.register({
      name: 'workerTokens',
      table: 'proxy_worker_tokens',
      where: 'expires_at < now()',
    });
  }
}
