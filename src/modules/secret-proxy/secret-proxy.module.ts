import { Module, OnModuleInit } from '@nestjs/common';
import { SweepTargets } from '../../shared/sweep-targets';
import { HttpAdapterHost } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FastifyInstance } from 'fastify';
import { AccessTokenService, OAuthModule } from '../oauth';
import { AgentEntity } from './agent.entity';
import { AgentsController } from './agents.controller';
import { AgentsRepository } from './agents.repository';
import { AgentsService } from './agents.service';
import { CREDENTIAL_SOURCE } from './credential-source';
import { ForwardRequestUseCase } from './forward-request.usecase';
import { PlaceholderEntity } from './placeholder.entity';
import { PlaceholdersRepository } from './placeholders.repository';
import { PlaceholdersService } from './placeholders.service';
import { ProxyController } from './proxy.controller';
import { ProxyMetrics } from './proxy.metrics';
import { registerProxyStreamBody } from './proxy-stream-body';
import { WorkerResolutionCache } from './worker-resolution.cache';
import { WorkerTokenEntity } from './worker-token.entity';
import { WorkerTokenGuard } from './worker-token.guard';
import { WorkerTokensRepository } from './worker-tokens.repository';
import { WorkerTokensService } from './worker-tokens.service';

const PROXY_STREAM_BODY = Symbol('secret-proxy:stream-body');

@Module({
  imports: [OAuthModule, TypeOrmModule.forFeature([AgentEntity, WorkerTokenEntity, PlaceholderEntity])],
  controllers: [AgentsController, ProxyController],
  providers: [
    AgentsService,
    AgentsRepository,
    WorkerTokensService,
    WorkerTokensRepository,
    PlaceholdersService,
    PlaceholdersRepository,
    ForwardRequestUseCase,
    WorkerTokenGuard,
    ProxyMetrics,
    WorkerResolutionCache,
    { provide: CREDENTIAL_SOURCE, useExisting: AccessTokenService },
    {
      // Runs while providers are instantiated, i.e. before Nest registers the routes, so the hook
      // and parser apply to the proxy route.
      provide: PROXY_STREAM_BODY,
      inject: [HttpAdapterHost],
      useFactory: (host: HttpAdapterHost) =>
        registerProxyStreamBody(host.httpAdapter.getInstance<FastifyInstance>()),
    },
  ],
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
