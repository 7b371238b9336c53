export { MaintenanceModule } from './maintenance.module';
export { SweepService, SweepReport } from './sweep.service';
