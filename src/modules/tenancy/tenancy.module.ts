import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyAuthenticator } from './api-key.authenticator';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysRepository } from './api-keys.repository';
import { MeController } from './me.controller';
import { MeService } from './me.service';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsRepository } from './organizations.repository';
import { OrganizationsService } from './organizations.service';

@Module({
  controllers: [OrganizationsController, MeController],
  providers: [
    OrganizationsService,
    ApiKeyAuthenticator,
    MeService,
    OrganizationsRepository,
    ApiKeysRepository,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [OrganizationsService, ApiKeyAuthenticator],
})
export class TenancyModule {}
