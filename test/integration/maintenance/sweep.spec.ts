import { Client } from 'pg';
import { SweepService } from '../../../src/modules/maintenance';
import { ADVISORY_LOCKS } from '../../../src/shared/advisory-locks';
import { SweepTargets } from '../../../src/shared/sweep-targets';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import { http } from '../../support/http';
import { seedOrg } from '../../support/seed';
import { testState } from '../../support/test-state';

const TABLE = `sweep_probe_${process.pid}`;

describe('SweepService (global sweep)', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    await sql(`CREATE TABLE ${TABLE} (id bigserial PRIMARY KEY, expired boolean NOT NULL)`);
    const env = { SWEEP_BATCH_SIZE: '1000', SWEEP_MAX_BATCHES_PER_RUN: '1' };
    first = await startApp(env);
    second = await startApp(env);
    for (const t of [first, second]) {
      t.app.get(SweepTargets).register({ name: 'probe', table: TABLE, where: 'expired' });
    }
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await sql(`DROP TABLE ${TABLE}`);
    await closeSql();
  });
  beforeEach(() => sql(`TRUNCATE ${TABLE}`));

  const insertRows = (expired: number, live: number) =>
    sql(
      `INSERT INTO ${TABLE} (expired) SELECT true FROM generate_series(1, $1::int)
       UNION ALL SELECT false FROM generate_series(1, $2::int)`,
      [expired, live],
    );
  const counts = async () =>
    (
      await sql<{ expired: boolean; n: string }>(
        `SELECT expired, count(*) AS n FROM ${TABLE} GROUP BY expired`,
      )
    ).reduce((acc, row) => ({ ...acc, [String(row.expired)]: Number(row.n) }), {
      true: 0,
      false: 0,
    } as Record<string, number>);

  it('deletes at most one batch per run when capped, and drains the rest over the next runs', async () => {
    await insertRows(2500, 100);
    const sweep = first.app.get(SweepService);
    const runs = [await sweep.runSweep(), await sweep.runSweep(), await sweep.runSweep()];
    expect(runs.map((run) => run.deleted.probe)).toEqual([1000, 1000, 500]);
    expect(runs[0].remaining).toContain('probe');
    expect(runs[2].remaining).not.toContain('probe');
    expect(await counts()).toEqual({ true: 0, false: 100 });
  });

  it('skips, deleting nothing, while another replica holds the sweep lock', async () => {
    await insertRows(10, 0);
    const otherReplica = new Client({ connectionString: testState().databaseUrl });
    await otherReplica.connect();
    try {
      await otherReplica.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCKS.globalSweep]);
      const skipped = await second.app.get(SweepService).runSweep();
      expect(skipped).toMatchObject({ ran: false, deleted: {} });
      expect((await counts()).true).toBe(10);
    } finally {
      await otherReplica.end();
    }
    const ran = await second.app.get(SweepService).runSweep();
    expect(ran).toMatchObject({ ran: true, deleted: { probe: 10 } });
  });

  it('deletes each row once when two instances sweep at the same time', async () => {
    await insertRows(900, 50);
    const [a, b] = await Promise.all([
      first.app.get(SweepService).runSweep(),
      second.app.get(SweepService).runSweep(),
    ]);
    expect((a.deleted.probe ?? 0) + (b.deleted.probe ?? 0)).toBe(900);
    expect(await counts()).toEqual({ true: 0, false: 50 });
  });

  describe('between full batches (SWEEP_PAUSE_PERCENT)', () => {
    // every DELETE of this target takes at least 20 ms (the sleep runs once per statement), so the
    // waits have a lower bound whatever else the machine is doing
    const SLOW = { name: 'probe', table: TABLE, where: 'expired AND (SELECT pg_sleep(0.02)) IS NOT NULL' };
    const sweepWith = async (pausePercent: string) => {
      const t = await startApp({
        SWEEP_BATCH_SIZE: '100',
        SWEEP_MAX_BATCHES_PER_RUN: '20',
        SWEEP_PAUSE_PERCENT: pausePercent,
      });
      try {
        t.app.get(SweepTargets).register(SLOW);
        await insertRows(300, 10);
        return await t.app.get(SweepService).runSweep();
      } finally {
        await t.close();
      }
    };

    it('waits the given share of each full batch before the next, and says how long in the report', async () => {
      const run = await sweepWith('500');
      expect(run.deleted.probe).toBe(300);
      // three full batches of at least 20 ms, each followed by five times its own time (a timer may
      // fire up to 1 ms early); the fourth finds nothing and ends the target without a wait
      expect(run.pausedMs).toBeGreaterThanOrEqual(3 * (5 * 20 - 1));
      expect(run.durationMs).toBeGreaterThanOrEqual(run.pausedMs + 4 * 20);
      expect(await counts()).toEqual({ true: 0, false: 10 });
    });

    it('runs the batches back to back at 0', async () => {
      const run = await sweepWith('0');
      expect(run.deleted.probe).toBe(300);
      expect(run.pausedMs).toBe(0);
    });
  });

  describe('POST /v1/admin/sweep', () => {
    it('runs the sweep for the operator and answers the deleted counts', async () => {
      await insertRows(3, 1);
      const result = await http(first.baseUrl, 'POST', '/v1/admin/sweep', { key: TEST_ADMIN_KEY });
      expect(result.status).toBe(200);
      expect(result.body.deleted.probe).toBe(3);
      const metrics = await http(first.baseUrl, 'GET', '/metrics');
      expect(metrics.text).toMatch(/plugboard_sweep_deleted_rows_total\{target="probe"\} \d+/);
    });

    it('answers 403 to an org key', async () => {
      const org = await seedOrg(first.baseUrl);
      const result = await http(first.baseUrl, 'POST', '/v1/admin/sweep', { key: org.key });
      expect(result.status).toBe(403);
      expect(result.body.error.code).toBe('AUTH.FORBIDDEN');
    });
  });
});
