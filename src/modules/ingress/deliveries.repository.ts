import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { returningRows } from '../../database';
import { decodeCursor } from '../../shared/pagination';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { DeliveryEntity, DeliveryStatus } from './delivery.entity';

export interface NewDelivery {
  organizationId: string;
  integrationId: string;
  pluginId: string;
  instanceId: string;
  route: string;
  providerDeliveryId: string;
  payload: unknown;
  eventType?: string;
  targetUrl?: string | null;
}

/** What a queue needs to know about a delivery: ids only, plus the counters its job id derives from. */
export interface DeliveryRef {
  id: string;
  attempts: number;
  redrives: number;
  /**
   * Set when the outbox picks a row up again (a consumer's lease expired, or an earlier enqueue of
   * it never ran): any job already in Redis for it is stale, so the new one needs its own id.
   */
  recoveredFrom?: Date | null;
}

export type NewAttempt = Omit<DeliveryAttemptEntity, 'id' | 'createdAt'>;

const COLUMNS = `id, organization_id AS "organizationId", integration_id AS "integrationId", plugin_id AS "pluginId",
  instance_id AS "instanceId", route, provider_delivery_id AS "providerDeliveryId", payload,
  event_type AS "eventType", target_url AS "targetUrl", status, attempts,
  attempt_base AS "attemptBase", redrives, last_error AS "lastError", conversation_id AS "conversationId",
  lease_token AS "leaseToken", lease_until AS "leaseUntil", next_attempt_at AS "nextAttemptAt",
  received_at AS "receivedAt", updated_at AS "updatedAt"`;
const REF = `id, attempts, redrives`;

/**
 * Every method is one atomic statement. Rows being worked on carry a lease (`lease_token`,
 * `lease_until`); every write after a claim is conditioned on the token, so a consumer whose lease
 * expired (it hung, or died) can never overwrite the outcome of the one that took over.
 */
@Injectable()
export class DeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The durable accept: committed by itself, ON CONFLICT on the dedup key does nothing. */
  async insertIfNew(row: NewDelivery): Promise<{ id: string; inserted: boolean }> {
    const params = [
      row.organizationId,
      row.integrationId,
      row.pluginId,
      row.instanceId,
      row.route,
      row.providerDeliveryId,
      JSON.stringify(row.payload),
      row.eventType ?? 'ingress.delivery',
      row.targetUrl ?? null,
    ];
    const inserted: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO deliveries (organization_id, integration_id, plugin_id, instance_id, route, provider_delivery_id, payload, event_type, target_url)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)
       ON CONFLICT (plugin_id, instance_id, provider_delivery_id) DO NOTHING
       RETURNING id`,
      params,
    );
    if (inserted[0]) return { id: inserted[0].id, inserted: true };
    const existing: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM deliveries WHERE plugin_id = $1 AND instance_id = $2 AND provider_delivery_id = $3`,
      [row.pluginId, row.instanceId, row.providerDeliveryId],
    );
    return { id: existing[0].id, inserted: false };
  }

  async findForOrg(orgId: string, id: string): Promise<DeliveryEntity | null> {
    const rows: DeliveryEntity[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM deliveries WHERE id = $1 AND organization_id = $2`,
      [id, orgId],
    );
    return rows[0] ?? null;
  }

  listPage(
    orgId: string,
    filter: { status?: DeliveryStatus; integrationId?: string },
    limit: number,
    cursor?: string,
  ): Promise<DeliveryEntity[]> {
    const after = decodeCursor(cursor);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM deliveries
        WHERE organization_id = $1
          AND ($2::text IS NULL OR status = $2)
          AND ($3::uuid IS NULL OR integration_id = $3)
          AND ($4::timestamptz IS NULL OR (received_at, id) < ($4, $5::uuid))
        ORDER BY received_at DESC, id DESC
        LIMIT $6`,
      [
        orgId,
        filter.status ?? null,
        filter.integrationId ?? null,
        after?.createdAt ?? null,
        after?.id ?? null,
        limit + 1,
      ],
    );
  }

  /** Takes the row for one dispatch, unless it is finished or another consumer's lease is live. */
  async claimForDispatch(id: string, token: string, leaseMs: number): Promise<DeliveryEntity | null> {
    const rows: DeliveryEntity[] = returningRows(
      await this.dataSource.query(
        `UPDATE deliveries SET status = 'QUEUED', lease_token = $2, lease_until = now() + $3 * interval '1 millisecond',
              updated_at = now()
        WHERE id = $1 AND status IN ('RECEIVED', 'QUEUED') AND (lease_until IS NULL OR lease_until < now())
        RETURNING ${COLUMNS}`,
        [id, token, leaseMs],
      ),
    );
    return rows[0] ?? null;
  }

  /** Counts the POST before it is made, so `attempts` is honest even if the process dies mid-request. */
  async beginAttempt(
    id: string,
    token: string,
    conversationId: string | null,
  ): Promise<{ attempts: number; attemptBase: number } | null> {
    const rows: Array<{ attempts: number; attemptBase: number }> = returningRows(
      await this.dataSource.query(
        `UPDATE deliveries SET attempts = attempts + 1, conversation_id = COALESCE(conversation_id, $3), updated_at = now()
        WHERE id = $1 AND lease_token = $2
        RETURNING attempts, attempt_base AS "attemptBase"`,
        [id, token, conversationId],
      ),
    );
    return rows[0] ?? null;
  }

  markDelivered(id: string, token: string): Promise<boolean> {
    return this.finish(id, token, 'DELIVERED', null);
  }

  markParked(id: string, token: string, reason: string): Promise<boolean> {
    return this.finish(id, token, 'PARKED', reason);
  }

  markDiscarded(id: string, token: string, reason: string): Promise<boolean> {
    return this.finish(id, token, 'DISCARDED', reason);
  }

  markDead(id: string, token: string, error: string): Promise<boolean> {
    return this.finish(id, token, 'DEAD', error);
  }

  /** PARKED → QUEUED for one row (its integration became deliverable while it was being parked). */
  async unpark(id: string): Promise<DeliveryRef | null> {
    const rows: DeliveryRef[] = returningRows(
      await this.dataSource.query(
        `UPDATE deliveries SET status = 'QUEUED', next_attempt_at = now(), updated_at = now()
          WHERE id = $1 AND status = 'PARKED'
          RETURNING ${REF}`,
        [id],
      ),
    );
    return rows[0] ?? null;
  }

  /** Releases the lease and sets when the next attempt is due; the row stays QUEUED. */
  async scheduleRetry(
    id: string,
    token: string,
    error: string,
    delayMs: number,
  ): Promise<DeliveryRef | null> {
    const rows: DeliveryRef[] = returningRows(
      await this.dataSource.query(
        `UPDATE deliveries SET last_error = $3, lease_token = NULL, lease_until = NULL,
              next_attempt_at = now() + $4 * interval '1 millisecond', updated_at = now()
        WHERE id = $1 AND lease_token = $2
        RETURNING ${REF}`,
        [id, token, error, delayMs],
      ),
    );
    return rows[0] ?? null;
  }

  /**
   * Claims DEAD rows for a redrive (by ids, or all of the org's when `ids` is null): they leave DEAD
   * here, atomically, so two concurrent redrives never both replay a row. `leaseMs` set: the caller
   * dispatches itself under `token`; null: the rows are handed to the queue.
   */
  async claimDeadForRedrive(
    orgId: string,
    ids: string[] | null,
    token: string,
    leaseMs: number | null,
    holdMs: number,
    limit: number,
  ): Promise<DeliveryEntity[]> {
    return returningRows(
      await this.dataSource.query(
        `UPDATE deliveries SET status = 'QUEUED', attempt_base = attempts, redrives = redrives + 1,
              lease_token = CASE WHEN $4::integer IS NULL THEN NULL ELSE $3::uuid END,
              lease_until = CASE WHEN $4::integer IS NULL THEN NULL ELSE now() + $4 * interval '1 millisecond' END,
              next_attempt_at = now() + $5 * interval '1 millisecond', updated_at = now()
        WHERE id IN (SELECT id FROM deliveries
                      WHERE organization_id = $1 AND status = 'DEAD' AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
                      ORDER BY received_at LIMIT $6
                      FOR UPDATE SKIP LOCKED)
          AND status = 'DEAD'
        RETURNING ${COLUMNS}`,
        [orgId, ids, token, leaseMs, holdMs, limit],
      ),
    );
  }

  /** A queued redrive whose enqueue failed goes back to DEAD: the replay was not accepted. */
  async returnToDead(id: string, redrives: number, error: string): Promise<boolean> {
    const rows: unknown[] = returningRows(
      await this.dataSource.query(
        `UPDATE deliveries SET status = 'DEAD', last_error = $3, next_attempt_at = NULL, updated_at = now()
        WHERE id = $1 AND redrives = $2 AND status = 'QUEUED' AND lease_token IS NULL
        RETURNING id`,
        [id, redrives, error],
      ),
    );
    return rows.length > 0;
  }

  /** PARKED → QUEUED for every parked delivery of the integration; a new round of attempts. */
  async claimParked(
    orgId: string,
    integrationId: string,
    holdMs: number,
    limit: number,
  ): Promise<DeliveryRef[]> {
    return returningRows(
      await this.dataSource.query(
        `UPDATE deliveries SET status = 'QUEUED', attempt_base = attempts, redrives = redrives + 1, lease_token = NULL,
              lease_until = NULL, next_attempt_at = now() + $3 * interval '1 millisecond', updated_at = now()
        WHERE id IN (SELECT id FROM deliveries
                      WHERE organization_id = $1 AND integration_id = $2 AND status = 'PARKED'
                      ORDER BY received_at LIMIT $4
                      FOR UPDATE SKIP LOCKED)
          AND status = 'PARKED'
        RETURNING ${REF}`,
        [orgId, integrationId, holdMs, limit],
      ),
    );
  }

  /**
   * The outbox: rows nobody is working on whose time has come (`graceMs` after they were received
   * or due), bounded. Their next look is pushed `holdMs` ahead so one row is not picked every tick.
   */
  async claimDueForOutbox(
    manager: EntityManager,
    graceMs: number,
    holdMs: number,
    limit: number,
  ): Promise<DeliveryRef[]> {
    return returningRows(
      await manager.query(
        `UPDATE deliveries AS d SET next_attempt_at = now() + $2 * interval '1 millisecond'
           FROM (SELECT id, COALESCE(lease_until, next_attempt_at) AS recovered_from FROM deliveries
                  WHERE status IN ('RECEIVED', 'QUEUED')
                    AND COALESCE(next_attempt_at, received_at) <= now() - $1 * interval '1 millisecond'
                    AND (lease_until IS NULL OR lease_until < now())
                  ORDER BY COALESCE(next_attempt_at, received_at) LIMIT $3
                  FOR UPDATE SKIP LOCKED) AS due
          WHERE d.id = due.id
          RETURNING d.id, d.attempts, d.redrives, due.recovered_from AS "recoveredFrom"`,
        [graceMs, holdMs, limit],
      ),
    );
  }

  /** One bounded batch of PARKED deliveries older than the retention → DISCARDED; returns the count. */
  async discardParkedBefore(cutoff: Date, limit: number): Promise<number> {
    const rows: unknown[] = returningRows(
      await this.dataSource.query(
        `UPDATE deliveries SET status = 'DISCARDED', last_error = 'parked longer than the retention', updated_at = now()
          WHERE id IN (SELECT id FROM deliveries WHERE status = 'PARKED' AND received_at < $1 LIMIT $2
                        FOR UPDATE SKIP LOCKED)
            AND status = 'PARKED'
          RETURNING id`,
        [cutoff, limit],
      ),
    );
    return rows.length;
  }

  async countPending(): Promise<Record<'RECEIVED' | 'QUEUED', number>> {
    const rows: Array<{ status: 'RECEIVED' | 'QUEUED'; count: string }> = await this.dataSource.query(
      `SELECT status, count(*) AS count FROM deliveries WHERE status IN ('RECEIVED', 'QUEUED') GROUP BY status`,
    );
    const counts = { RECEIVED: 0, QUEUED: 0 };
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  async recordAttempt(attempt: NewAttempt): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO delivery_attempts (delivery_id, organization_id, kind, outcome, attempt, response_status, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        attempt.deliveryId,
        attempt.organizationId,
        attempt.kind,
        attempt.outcome,
        attempt.attempt,
        attempt.responseStatus,
        attempt.error,
      ],
    );
  }

  private async finish(
    id: string,
    token: string,
    status: DeliveryStatus,
    error: string | null,
  ): Promise<boolean> {
    const rows: unknown[] = returningRows(
      await this.dataSource.query(
        `UPDATE deliveries SET status = $3, last_error = COALESCE($4, last_error), lease_token = NULL, lease_until = NULL,
              next_attempt_at = NULL, updated_at = now()
        WHERE id = $1 AND lease_token = $2
        RETURNING id`,
        [id, token, status, error],
      ),
    );
    return rows.length > 0;
  }
}
