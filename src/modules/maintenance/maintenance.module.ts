import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations';
import { OAuthModule } from '../oauth';
import { MaintenanceController } from './maintenance.controller';
import { ReconcileIntegrationsUseCase } from './reconcile-integrations.usecase';
import { SweepScheduler } from './sweep.scheduler';
import { SweepService } from './sweep.service';

@Module({
  imports: [IntegrationsModule, OAuthModule],
  controllers: [MaintenanceController],
  providers: [SweepService, SweepScheduler, ReconcileIntegrationsUseCase],
  exports: [SweepService],
})
export class MaintenanceModule {}
