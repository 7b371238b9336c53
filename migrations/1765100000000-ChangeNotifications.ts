import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change channel's publishing side: a row trigger on every table whose rows a process caches
 * sends `NOTIFY plugboard_changes, '<topic>:<id>'`. A trigger runs inside the transaction that makes
 * the change, so the notification is delivered only after that transaction commits, and no code
 * path (an API call, the sweep, a cascade, a manual fix in psql) can change a cached row without
 * every process hearing of it.
 *
 * Connections notify only when what a cache holds changes (token, expiry, status, provider), not for
 * the refresh lease or backoff bookkeeping written around every refresh; worker tokens not for their
 * last-used stamps.
 */
const TRIGGERS: Array<{ table: string; topic: string; events: string; when?: string }> = [
  { table: 'organizations', topic: 'org', events: 'INSERT OR UPDATE OR DELETE' },
  { table: 'api_keys', topic: 'apiKey', events: 'UPDATE OR DELETE' },
  { table: 'proxy_agents', topic: 'agent', events: 'UPDATE OR DELETE' },
  { table: 'proxy_worker_tokens', topic: 'workerToken', events: 'DELETE' },
  {
    // not for the last-used stamps written behind proxied requests
    table: 'proxy_worker_tokens',
    topic: 'workerToken',
    events: 'UPDATE',
    when: `(OLD.organization_id, OLD.agent_id, OLD.token_hash, OLD.expires_at, OLD.revoked_at) IS DISTINCT FROM
           (NEW.organization_id, NEW.agent_id, NEW.token_hash, NEW.expires_at, NEW.revoked_at)`,
  },
  { table: 'proxy_placeholders', topic: 'placeholder', events: 'UPDATE OR DELETE' },
  { table: 'oauth_providers', topic: 'provider', events: 'UPDATE OR DELETE' },
  { table: 'oauth_connections', topic: 'connection', events: 'DELETE' },
  {
    table: 'oauth_connections',
    topic: 'connection',
    events: 'UPDATE',
    when: `(OLD.token_version, OLD.status, OLD.provider_id, OLD.access_token_encrypted, OLD.expires_at,
            OLD.is_refreshable) IS DISTINCT FROM
           (NEW.token_version, NEW.status, NEW.provider_id, NEW.access_token_encrypted, NEW.expires_at,
            NEW.is_refreshable)`,
  },
  // INSERT too: ingress remembers unknown (plugin, instance) pairs, and a new integration ends that
  { table: 'integrations', topic: 'integration', events: 'INSERT OR UPDATE OR DELETE' },
];

function triggerName(table: string, events: string): string {
  return `${table}_notify_${events.toLowerCase().replace(/ or /g, '_')}`;
}

export class ChangeNotifications1765100000000 implements MigrationInterface {
  name = 'ChangeNotifications1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION plugboard_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed_id text;
      BEGIN
        IF TG_OP = 'DELETE' THEN
          changed_id := OLD.id::text;
        ELSE
          changed_id := NEW.id::text;
        END IF;
        PERFORM pg_notify('plugboard_changes', TG_ARGV[0] || ':' || changed_id);
        RETURN NULL;
      END
      $$`);
    for (const { table, topic, events, when } of TRIGGERS) {
      await queryRunner.query(
        `CREATE TRIGGER ${triggerName(table, events)} AFTER ${events} ON ${table}
         FOR EACH ROW ${when ? `WHEN (${when})` : ''} EXECUTE FUNCTION plugboard_notify_change('${topic}')`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table, events } of TRIGGERS) {
      await queryRunner.query(`DROP TRIGGER ${triggerName(table, events)} ON ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION plugboard_notify_change()`);
  }
}
