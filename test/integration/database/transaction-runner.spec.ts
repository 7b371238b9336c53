import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '../../../src/database/transaction-runner';
import { testState } from '../../support/test-state';

/**
 * What a caller of `TransactionRunner.run` is told is what happened to the transaction. Before, an
 * after-commit effect that threw made `run` reject although the rows had committed (a caller could
 * answer 503 for a stored write, and be retried into a duplicate), and the effects after it were
 * skipped. (Its after-rollback effects went with their one caller, the answers' transaction, which
 * is one statement now.)
 */
describe('TransactionRunner: effects after the outcome', () => {
  let dataSource: DataSource;
  let runner: TransactionRunner;
  const table = `transaction_runner_${process.pid}`;
  const logged: string[] = [];

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'postgres', url: testState().databaseUrl });
    await dataSource.initialize();
    await dataSource.query(`CREATE TABLE ${table} (id text PRIMARY KEY)`);
    runner = new TransactionRunner(dataSource);
    jest.spyOn(Logger.prototype, 'error').mockImplementation((_details: unknown, message?: unknown) => {
      logged.push(String(message));
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await dataSource.query(`DROP TABLE ${table}`);
    await dataSource.destroy();
  });

  it('resolves with the committed result when an after-commit effect throws, logs it, and still runs the next', async () => {
    const ran: string[] = [];
    const result = await runner.run(async (manager, afterCommit) => {
      await manager.query(`INSERT INTO ${table} (id) VALUES ('committed')`);
      afterCommit(() => {
        throw new Error('publish failed');
      });
      afterCommit(() => void ran.push('second'));
      return 'stored';
    });
    expect(result).toBe('stored');
    expect(ran).toEqual(['second']);
    expect(await dataSource.query(`SELECT id FROM ${table}`)).toEqual([{ id: 'committed' }]);
    expect(logged).toContain('an effect registered to run after a commit failed; the others still ran');
  });

  it("rejects with the transaction's own error and runs no after-commit effect when it does not commit", async () => {
    const ran: string[] = [];
    const run = runner.run(async (manager, afterCommit) => {
      afterCommit(() => void ran.push('never'));
      await manager.query(`INSERT INTO ${table} (id) VALUES ('committed')`); // a duplicate key
      return 'stored';
    });
    await expect(run).rejects.toThrow(/duplicate key/);
    expect(ran).toEqual([]);
  });
});
