import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysRepository } from './api-keys.repository';
import { MeController } from './me.controller';
import { MeService } from './me.service';
import { OrganizationEntity } from './organization.entity';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsRepository } from './organizations.repository';
import { OrganizationsService } from './organizations.service';

@Module({
  imports: [TypeOrmModule.forFeature([OrganizationEntity, ApiKeyEntity])],
  controllers: [OrganizationsController, MeController],
  providers: [
    OrganizationsService,
    MeService,
    OrganizationsRepository,
    ApiKeysRepository,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [OrganizationsService],
})
export class TenancyModule {}
