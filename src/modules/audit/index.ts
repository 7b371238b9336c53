export { AuditModule } from './audit.module';
export { AuditRecorder } from './audit-recorder';
export { AUDIT_ACTIONS, AuditAction, AuditActor, AuditRecord } from './audit-entry';
