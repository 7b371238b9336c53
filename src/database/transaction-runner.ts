import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export type AfterCommit = (effect: () => Promise<void> | void) => void;

/**
 * Services open transactions here and pass the manager to repositories. Effects registered with
 * `afterCommit` (event publication, enqueueing) run only once the transaction has committed. An
 * effect that throws is logged and the others still run: the caller's outcome is the transaction's
 * (a committed write is never reported as failed because something after it went wrong).
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(work: (manager: EntityManager, afterCommit: AfterCommit) => Promise<T>): Promise<T> {
    const effects: Array<() => Promise<void> | void> = [];
    const result = await this.dataSource.transaction((manager) =>
      work(manager, (effect) => effects.push(effect)),
    );
    await this.runEach(effects, 'after a commit');
    return result;
  }

  private async runEach(effects: Array<() => Promise<void> | void>, when: string): Promise<void> {
    for (const effect of effects) {
      try {
        await effect();
      } catch (error) {
        this.logger.error({ err: error }, `an effect registered to run ${when} failed; the others still ran`);
      }
    }
  }
}
