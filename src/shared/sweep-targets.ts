import { Injectable } from '@nestjs/common';

/**
 * An ephemeral table the global sweep cleans. Modules register their own tables at start-up
 * (onModuleInit) so the maintenance module needs no knowledge of their internals, and no module
 * runs a deleting timer of its own (ARCHITECTURE.md "Pending interactions and the sweep").
 */
export interface SweepTarget {
  /** Key in the sweep report and metrics label, e.g. `oauthStates`. */
  name: string;
  table: string;
  /** SQL condition over the table's columns selecting rows to delete; `$1…` bind to `params()`. */
  where: string;
  params?: () => unknown[];
  /** Primary key column (default `id`). */
  key?: string;
}

@Injectable()
export class SweepTargets {
  private readonly targets = new Map<string, SweepTarget>();

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
