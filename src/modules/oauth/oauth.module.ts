import { Module, OnModuleInit } from '@nestjs/common';
import { SweepTargets } from '../../shared/sweep-targets';
import { AuditModule } from '../audit';
import { AccessTokenService } from './access-token.service';
import { AuthorizationService } from './authorization.service';
import { CatalogController } from './catalog.controller';
import { ClientMetadataController } from './client-metadata.controller';
import { CompleteAuthorizationUseCase } from './complete-authorization.usecase';
import { ConnectionTokens } from './connection-tokens';
import { ConnectionsController } from './connections.controller';
import { ConnectionsRepository } from './connections.repository';
import { ConnectionsService } from './connections.service';
import { DiscoverMcpServerUseCase } from './mcp/discover-mcp-server.usecase';
import { OAuthCallbackController } from './oauth-callback.controller';
import { OAuthStatesRepository, oauthStateSweepTargets } from './oauth-states.repository';
import { OAuthMetrics } from './oauth.metrics';
import { ProactiveRefreshScheduler } from './proactive-refresh.scheduler';
import { ProvidersController } from './providers.controller';
import { ProvidersRepository } from './providers.repository';
import { ProvidersService } from './providers.service';
import { RefreshConnectionUseCase } from './refresh-connection.usecase';
import { RefreshLock } from './refresh-lock';
import { TokenEndpointClient } from './token-endpoint.client';

@Module({
  imports: [AuditModule],
  controllers: [
    ProvidersController,
    CatalogController,
    ConnectionsController,
    OAuthCallbackController,
    ClientMetadataController,
  ],
  providers: [
    ProvidersRepository,
    ConnectionsRepository,
    OAuthStatesRepository,
    ProvidersService,
    DiscoverMcpServerUseCase,
    ConnectionsService,
    AuthorizationService,
    CompleteAuthorizationUseCase,
    ConnectionTokens,
    TokenEndpointClient,
    RefreshLock,
    RefreshConnectionUseCase,
    AccessTokenService,
    OAuthMetrics,
    ProactiveRefreshScheduler,
  ],
  exports: [AccessTokenService],
})
export class OAuthModule implements OnModuleInit {
  constructor(private readonly sweepTargets: SweepTargets) {}

  onModuleInit(): void {
    this.sweepTargets.register(oauthStateSweepTargets.oauthStates);
  }
}
