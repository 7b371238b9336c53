import { Injectable } from '@nestjs/common';

/**
 * An ephemeral table the global sweep cleans. Modules register their own tables at start-up
 * (onModuleInit) so the maintenance module needs no knowledge of their internals, and no module
 * runs a deleting timer of its own (docs/architecture.md "Rules that must hold").
 */
export interface SweepTarget {
  /** Key in the sweep report and metrics label, e.g. `oauthStates`. */
  name: string;
  table: string;
  /** SQL condition over the table's columns selecting rows to delete; `$1…` bind to `params()`. */
  where: string;
  params?: () => unknown[];
  /** Column naming one row (default `id`; `ctid` where an id alone may name rows of several orgs). */
  key?: string;
}

/**
 * A maintenance step of a module that is not a plain delete (e.g. PARKED → DISCARDED past the
 * retention). It runs inside the sweep, under its lock, and returns how many rows it changed.
 */
export interface SweepTask {
  name: string;
  run: () => Promise<number>;
}

@Injectable()
export class SweepTargets {
  private readonly targets = new Map<string, SweepTarget>();
  private readonly tasks = new Map<string, SweepTask>();

  registerTask(task: SweepTask): void {
    this.tasks.set(task.name, task);
  }

  listTasks(): SweepTask[] {
    return [...this.tasks.values()];
  }

  register(target: SweepTarget): void {
    if (!/^[a-z_][a-z0-9_]*$/.test(target.table) || !/^[a-z_][a-z0-9_]*$/.test(target.key ?? 'id')) {
      throw new Error(`sweep target ${target.name}: table and key must be plain identifiers`);
    }
    this.targets.set(target.name, target);
  }

  list(): SweepTarget[] {
    return [...this.targets.values()];
  }
}
