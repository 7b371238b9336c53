import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter } from 'prom-client';
import { DataSource, QueryRunner } from 'typeorm';
import { AppConfig } from '../../config';
import { ADVISORY_LOCKS } from '../../shared/advisory-locks';
import { MetricsRegistry } from '../../shared/metrics.registry';
import { SweepTarget, SweepTargets } from '../../shared/sweep-targets';
import { ReconcileIntegrationsUseCase } from './reconcile-integrations.usecase';

export interface SweepReport {
  /** False when another replica held the sweep lock and this run did nothing. */
  ran: boolean;
  deleted: Record<string, number>;
  /** Targets that still had rows when the per-run cap was reached; they drain next run. */
  remaining: string[];
  durationMs: number;
  /** The slowest single DELETE of the run: what a concurrent writer could have waited behind. */
  longestStatementMs: number;
  /** Time the run spent yielding between batches (`SWEEP_PAUSE_PERCENT`), part of `durationMs`. */
  pausedMs: number;
  /** What reconciliation healed: INVALID connections' integrations to ERROR, re-authorized ones' back to ENABLED. */
  reconciled: { connections: number; integrationsRestored: number };
}

/**
 * The one global sweep. One replica at a time (session advisory lock on a dedicated connection:
 * the sweep only talks to PostgreSQL, so pinning a connection for its duration is fine), bounded
 * batches (`DELETE … WHERE key IN (SELECT key … LIMIT n)`) so no statement locks a table for long.
 */
@Injectable()
export class SweepService {
  private readonly logger = new Logger(SweepService.name);
  private readonly deletedRows: Counter<'target'>;
  private readonly runs: Counter<'outcome'>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly targets: SweepTargets,
    private readonly config: AppConfig,
    private readonly reconcile: ReconcileIntegrationsUseCase,
    metrics: MetricsRegistry,
  ) {
    this.deletedRows = new Counter({
      name: 'plugboard_sweep_deleted_rows_total',
      help: 'Rows deleted by the global sweep, by target table',
      labelNames: ['target'],
      registers: [metrics.registry],
    });
    this.runs = new Counter({
      name: 'plugboard_sweep_runs_total',
      help: 'Sweep runs by outcome (ran, skipped: another replica held the lock, failed)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  async runSweep(): Promise<SweepReport> {
    const started = Date.now();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
        ADVISORY_LOCKS.globalSweep,
      ])) as Array<{
        locked: boolean;
      }>;
      if (!locked) {
        this.runs.inc({ outcome: 'skipped' });
        this.logger.debug('sweep skipped: another replica holds the sweep lock');
        return {
          ran: false,
          deleted: {},
          remaining: [],
          durationMs: Date.now() - started,
          longestStatementMs: 0,
          pausedMs: 0,
          reconciled: { connections: 0, integrationsRestored: 0 },
        };
      }
      try {
        const report = await this.sweepTargets(runner);
        const { connectionsReconciled, integrationsRestored } = await this.reconcile.execute();
        this.runs.inc({ outcome: 'ran' });
        const result = {
          ran: true,
          ...report,
          reconciled: { connections: connectionsReconciled, integrationsRestored },
          durationMs: Date.now() - started,
        };
        this.logger.log(
          {
            deleted: result.deleted,
            remaining: result.remaining,
            durationMs: result.durationMs,
            pausedMs: result.pausedMs,
          },
          'sweep finished',
        );
        return result;
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCKS.globalSweep]);
      }
    } catch (error) {
      this.runs.inc({ outcome: 'failed' });
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async sweepTargets(
    runner: QueryRunner,
  ): Promise<Pick<SweepReport, 'deleted' | 'remaining' | 'longestStatementMs' | 'pausedMs'>> {
    const deleted: Record<string, number> = {};
    const remaining: string[] = [];
    const timing = { longestStatementMs: 0, pausedMs: 0 };
    for (const target of this.targets.list()) {
      const { count, exhausted } = await this.sweepTarget(runner, target, timing);
      deleted[target.name] = count;
      if (!exhausted) remaining.push(target.name);
      if (count > 0) this.deletedRows.inc({ target: target.name }, count);
    }
    for (const task of this.targets.listTasks()) {
      deleted[task.name] = await task.run();
    }
    return {
      deleted,
      remaining,
      longestStatementMs: timing.longestStatementMs,
      pausedMs: Math.round(timing.pausedMs),
    };
  }

  private async sweepTarget(
    runner: QueryRunner,
    target: SweepTarget,
    timing: { longestStatementMs: number; pausedMs: number },
  ): Promise<{ count: number; exhausted: boolean }> {
    const { sweepBatchSize, sweepMaxBatchesPerRun, sweepPausePercent } = this.config.maintenance;
    const key = target.key ?? 'id';
    const params = target.params?.() ?? [];
    const limitParam = `$${params.length + 1}`;
    const statement = `DELETE FROM ${target.table} WHERE ${key} IN (SELECT ${key} FROM ${target.table} WHERE ${target.where} LIMIT ${limitParam})`;
    let count = 0;
    for (let batch = 0; batch < sweepMaxBatchesPerRun; batch++) {
      const statementStarted = performance.now();
      const result = (await runner.query(statement, [...params, sweepBatchSize])) as [unknown, number];
      const statementMs = performance.now() - statementStarted;
      timing.longestStatementMs = Math.max(timing.longestStatementMs, statementMs);
      const affected = result[1];
      count += affected;
      if (affected < sweepBatchSize) return { count, exhausted: true };
      if (batch + 1 === sweepMaxBatchesPerRun) break;
      // back to back, the DELETEs keep one PostgreSQL backend busy and starve the requests beside them
      // on a small machine (claims' p99 during a 1M-row sweep, bench/sweep.bench.mjs): the sweep waits
      timing.pausedMs += await pause((statementMs * sweepPausePercent) / 100);
    }
    return { count, exhausted: false };
  }
}

/** Waits about `ms` (nothing below 1 ms) and answers how long it waited. */
async function pause(ms: number): Promise<number> {
  if (ms < 1) return 0;
  const started = performance.now();
  await sleep(ms);
  return performance.now() - started;
}
