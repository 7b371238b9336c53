import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export type AfterCommit = (effect: () => Promise<void> | void) => void;

/**
 * Services open transactions here and pass the manager to repositories. Effects registered with
 * `afterCommit` (event publication, enqueueing) run only once the transaction has committed.
 */
@Injectable()
export class TransactionRunner {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(work: (manager: EntityManager, afterCommit: AfterCommit) => Promise<T>): Promise<T> {
    const effects: Array<() => Promise<void> | void> = [];
    const result = await this.dataSource.transaction((manager) =>
      work(manager, (effect) => effects.push(effect)),
    );
    for (const effect of effects) await effect();
    return result;
  }
}
