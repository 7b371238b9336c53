import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../config';
import { SweepService } from './sweep.service';

const JOB = 'global-sweep';

/** Runs the sweep every SWEEP_INTERVAL_SECONDS; the only timer in plugboard that deletes rows. */
@Injectable()
export class SweepScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SweepScheduler.name);
  private running = false;

  constructor(
    private readonly sweep: SweepService,
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.processRole === 'api') return;
    const timer = setInterval(() => void this.tick(), this.config.maintenance.sweepIntervalSeconds * 1000);
    timer.unref();
    this.scheduler.addInterval(JOB, timer);
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', JOB)) this.scheduler.deleteInterval(JOB);
  }

  private async tick(): Promise<void> {
    if (this.running) return; // a slow run is never overlapped by the next tick
    this.running = true;
    try {
      await this.sweep.runSweep();
    } catch (error) {
      this.logger.error({ err: error }, 'sweep failed; it runs again next interval');
    } finally {
      this.running = false;
    }
  }
}
