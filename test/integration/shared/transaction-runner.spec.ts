import { TransactionRunner } from '../../../src/database';
import { startApp, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';

const TABLE = `tx_probe_${process.pid}`;

describe('TransactionRunner afterCommit', () => {
  let t: TestApp;
  beforeAll(async () => {
    await sql(`CREATE TABLE ${TABLE} (id text PRIMARY KEY)`);
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
    await sql(`DROP TABLE ${TABLE}`);
    await closeSql();
  });

  it('runs effects only after the commit, when other connections can already see the write', async () => {
    const seenByEffect: number[] = [];
    await t.app.get(TransactionRunner).run(async (manager, afterCommit) => {
      await manager.query(`INSERT INTO ${TABLE} (id) VALUES ('committed')`);
      afterCommit(async () => {
        seenByEffect.push((await sql(`SELECT 1 FROM ${TABLE} WHERE id = 'committed'`)).length);
      });
      expect(seenByEffect).toEqual([]);
    });
    expect(seenByEffect).toEqual([1]);
  });

  it('never runs effects of a transaction that rolled back', async () => {
    let ran = false;
    await expect(
      t.app.get(TransactionRunner).run(async (manager, afterCommit) => {
        await manager.query(`INSERT INTO ${TABLE} (id) VALUES ('rolled-back')`);
        afterCommit(() => {
          ran = true;
        });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(ran).toBe(false);
    expect(await sql(`SELECT 1 FROM ${TABLE} WHERE id = 'rolled-back'`)).toHaveLength(0);
  });
});
