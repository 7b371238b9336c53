import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IntegrationEntity } from './integration.entity';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsRepository } from './integrations.repository';
import { IntegrationsService } from './integrations.service';
import { CredentialInvalidatedListener } from './listeners/credential-invalidated.listener';
import { ReauthSucceededListener } from './listeners/reauth-succeeded.listener';

@Module({
  imports: [TypeOrmModule.forFeature([IntegrationEntity])],
  controllers: [IntegrationsController],
  providers: [
    IntegrationsService,
    IntegrationsRepository,
    CredentialInvalidatedListener,
    ReauthSucceededListener,
  ],
  exports: [IntegrationsService],
})
export class IntegrationsModule {}
