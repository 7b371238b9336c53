import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessTokenService } from './access-token.service';
import { AuthorizationService } from './authorization.service';
import { CompleteAuthorizationUseCase } from './complete-authorization.usecase';
import { ConnectionEntity } from './connection.entity';
import { ConnectionTokens } from './connection-tokens';
import { ConnectionsController } from './connections.controller';
import { ConnectionsRepository } from './connections.repository';
import { ConnectionsService } from './connections.service';
import { OAuthCallbackController } from './oauth-callback.controller';
import { OAuthStateEntity } from './oauth-state.entity';
import { OAuthStatesRepository } from './oauth-states.repository';
import { OAuthMetrics } from './oauth.metrics';
import { ProviderEntity } from './provider.entity';
import { ProvidersController } from './providers.controller';
import { ProvidersRepository } from './providers.repository';
import { ProvidersService } from './providers.service';
import { RefreshConnectionUseCase } from './refresh-connection.usecase';
import { RefreshLock } from './refresh-lock';
import { TokenEndpointClient } from './token-endpoint.client';

@Module({
  imports: [TypeOrmModule.forFeature([ProviderEntity, ConnectionEntity, OAuthStateEntity])],
  controllers: [ProvidersController, ConnectionsController, OAuthCallbackController],
  providers: [
    ProvidersRepository,
    ConnectionsRepository,
    OAuthStatesRepository,
    ProvidersService,
    ConnectionsService,
    AuthorizationService,
    CompleteAuthorizationUseCase,
    ConnectionTokens,
    TokenEndpointClient,
    RefreshLock,
    RefreshConnectionUseCase,
    AccessTokenService,
    OAuthMetrics,
  ],
  exports: [AccessTokenService],
})
export class OAuthModule {}
