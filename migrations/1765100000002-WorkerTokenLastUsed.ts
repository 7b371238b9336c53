import { MigrationInterface, QueryRunner } from 'typeorm';

/** When a worker token last authenticated a proxied request; stamped behind the request in batches. */
export class WorkerTokenLastUsed1765100000002 implements MigrationInterface {
  name = 'WorkerTokenLastUsed1765100000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE proxy_worker_tokens ADD COLUMN last_used_at timestamptz`);
    await queryRunner.query(
      `CREATE INDEX proxy_worker_tokens_agent_created ON proxy_worker_tokens (organization_id, agent_id, created_at DESC, id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX proxy_worker_tokens_agent_created`);
    await queryRunner.query(`ALTER TABLE proxy_worker_tokens DROP COLUMN last_used_at`);
  }
}
