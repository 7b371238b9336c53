import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export type AfterCommit = (effect: () => Promise<void> | void) => void;

/** A transaction under way, handed to another module's method that writes within it. */
export interface OpenTransaction {
  manager: EntityManager;
  afterCommit: AfterCommit;
  /** Effects that run if it does not commit: to give back what was reserved for its rows. */
  afterRollback: AfterCommit;
}

/**
 * Services open transactions here and pass the manager to repositories. Effects registered with
 * `afterCommit` (event publication, enqueueing) run only once the transaction has committed; those
 * registered with `afterRollback` only if it failed.
 */
@Injectable()
export class TransactionRunner {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(
    work: (manager: EntityManager, afterCommit: AfterCommit, afterRollback: AfterCommit) => Promise<T>,
  ): Promise<T> {
    const effects: Array<() => Promise<void> | void> = [];
    const undo: Array<() => Promise<void> | void> = [];
    let result: T;
    try {
      result = await this.dataSource.transaction((manager) =>
        work(
          manager,
          (effect) => effects.push(effect),
          (effect) => undo.push(effect),
        ),
      );
    } catch (error) {
      for (const effect of undo) await effect();
      throw error;
    }
    for (const effect of effects) await effect();
    return result;
  }
}
