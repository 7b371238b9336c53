import { Module } from '@nestjs/common';
import { MaintenanceController } from './maintenance.controller';
import { SweepScheduler } from './sweep.scheduler';
import { SweepService } from './sweep.service';

@Module({
  controllers: [MaintenanceController],
  providers: [SweepService, SweepScheduler],
  exports: [SweepService],
})
export class MaintenanceModule {}
