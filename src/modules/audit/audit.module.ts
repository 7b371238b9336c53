import { Module, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config';
import { SweepTargets } from '../../shared/sweep-targets';
import { AuditController } from './audit.controller';
import { AuditRecorder } from './audit-recorder';
import { AuditRepository, auditSweepTargets } from './audit.repository';
import { AuditService } from './audit.service';
import { ConnectionStatusListener } from './listeners/connection-status.listener';

@Module({
  controllers: [AuditController],
  providers: [AuditRecorder, AuditRepository, AuditService, ConnectionStatusListener],
  exports: [AuditRecorder],
})
export class AuditModule implements OnModuleInit {
  constructor(
    private readonly sweepTargets: SweepTargets,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.sweepTargets.register({
      ...auditSweepTargets.auditEntries,
      params: () => [this.config.audit.retentionDays],
    });
  }
}
