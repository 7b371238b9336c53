import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryPrepared, returningRows } from '../../database';
import { decodeCursor } from '../../shared/pagination';
import { SweepTarget } from '../../shared/sweep-targets';
import {
  DELIVERABLE_STATUSES,
  dispatchTargetColumns,
  DispatchTargetColumns,
  DispatchTargetRow,
  toDispatchTargetRow,
} from '../integrations';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { DeliveryEntity, DeliveryStatus } from './delivery.entity';

export interface NewDelivery {
  organizationId: string;
  integrationId: string;
  pluginId: string;
  instanceId: string;
  route: string;
  providerDeliveryId: string;
  /** The payload as JSON text (stored as jsonb). */
  payloadJson: string;
  /** For schemes that sign no timestamp: the body's hash; a repeat within 24 h is a duplicate. */
  bodyRepeatKey?: string | null;
  eventType?: string;
  targetUrl?: string | null;
}

/** What an accept stored: the delivery's id, and whether this request inserted it or repeated it. */
export interface StoredDelivery {
  id: string;
  inserted: boolean;
  /** For an inserted row: its integration, and whether its agent pulls it (no POST). */
  integrationId?: string;
  pull?: boolean;
  /** An inserted row stored already claimed under the accept's lease: the dispatcher POSTs it at once. */
  claimed?: ClaimedDelivery;
}

/** Rows an accepting process's dispatcher takes as they are stored: the first `limit` POSTed rows of a batch. */
export interface AcceptLease {
  token: string;
  leaseMs: number;
  limit: number;
}

/**
 * A row taken for one dispatch: what the POST needs, with its integration's columns read in the
 * same statement. The payload stays JSON text (it goes into the body as it is, never parsed and
 * serialised again), the receive time an ISO string.
 */
export interface ClaimedDelivery extends DispatchTargetRow {
  id: string;
  organizationId: string;
  integrationId: string;
  pluginId: string;
  route: string;
  eventType: string;
  targetUrl: string | null;
  attempts: number;
  attemptBase: number;
  redrives: number;
  conversationId: string | null;
  receivedAt: string;
  payloadJson: string;
  /** A pulled row (pull mode): a redrive makes it pullable again instead of POSTing it. */
  pull: boolean;
}

/** `payloadIf`: a condition; rows that fail it leave their payload out (null). */
export function claimedColumns(alias: string, payloadIf?: string): string {
  const a = `${alias}.`;
  return `${a}id, ${a}organization_id, ${a}integration_id, ${a}plugin_id, ${a}route, ${a}event_type, ${a}target_url,
  ${a}attempts, ${a}attempt_base, ${a}redrives, ${a}conversation_id,
  to_char(${a}received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS received_at,
  ${payloadIf ? `CASE WHEN ${payloadIf} THEN ${a}payload::text END` : `${a}payload::text`} AS payload_json, ${a}pull`;
}

/** The row `claimedColumns` and `dispatchTargetColumns` select together. */
export interface ClaimedDeliveryRow extends DispatchTargetColumns {
  id: string;
  organization_id: string;
  integration_id: string;
  plugin_id: string;
  route: string;
  event_type: string;
  target_url: string | null;
  attempts: number;
  attempt_base: number;
  redrives: number;
  conversation_id: string | null;
  /** ISO-8601 text, formatted by the statement. */
  received_at: string;
  payload_json: string;
  pull: boolean;
}

export function toClaimedDelivery(row: ClaimedDeliveryRow): ClaimedDelivery {
  return {
    id: row.id,
    organizationId: row.organization_id,
    integrationId: row.integration_id,
    pluginId: row.plugin_id,
    route: row.route,
    eventType: row.event_type,
    targetUrl: row.target_url,
    attempts: row.attempts,
    attemptBase: row.attempt_base,
    redrives: row.redrives,
    conversationId: row.conversation_id,
    receivedAt: row.received_at,
    payloadJson: row.payload_json,
    pull: row.pull,
    ...toDispatchTargetRow(row),
  };
}

/** How one dispatch ended, written (with its attempt log row) in a batch with others. */
export interface DispatchOutcomeRow {
  id: string;
  token: string;
  /** The row's new status: DELIVERED, DEAD, PARKED, DISCARDED, or QUEUED for a retry. */
  status: DeliveryStatus;
  /** The attempt log's outcome (delivered, retry, dead, parked, discarded). */
  outcome: string;
  error: string | null;
  responseStatus: number | null;
  /** For a retry: when the next attempt is due. */
  retryDelayMs: number | null;
  conversationId: string | null;
  /** The POST's number (null when nothing was POSTed). */
  attempt: number | null;
  /** When the POST started and how long the receiver took (null when nothing was POSTed). */
  startedAt: Date | null;
  durationMs: number | null;
  /** The first KiB of the receiver's answer. */
  responseSnippet: string | null;
}

/** What a queue needs to know about a delivery: ids only, plus the counters its job id derives from. */
export interface DeliveryRef {
  id: string;
  attempts: number;
  redrives: number;
  /** A pull-mode row is not POSTed: "due" means its integration's pullers are woken. */
  pull?: boolean;
  integrationId?: string;
  /**
   * Set when the outbox picks a row up again (a consumer's lease expired, or an earlier enqueue of
   * it never ran): any job already in Redis for it is stale, so the new one needs its own id.
   */
  recoveredFrom?: Date | null;
}

/** One delivery handed to a puller under a lease, with its integration's columns (for signing). */
export type LeasedDelivery = DeliveryEntity & DispatchTargetRow & { leaseToken: string; leaseUntil: Date };

export interface PullLeases {
  leased: LeasedDelivery[];
  /** When the earliest live lease of the integration runs out (a waiting puller may take it then). */
  nextLeaseExpiry: Date | null;
}

/** Which DEAD rows a redrive takes: these ids, or every one (of one integration). */
export interface DeadFilter {
  ids: string[] | null;
  integrationId: string | null;
}

export type NewAttempt = Omit<
  DeliveryAttemptEntity,
  'id' | 'createdAt' | 'startedAt' | 'durationMs' | 'responseSnippet'
>;

/** One attempt as the attempts route lists it. */
export interface AttemptRow {
  attempt: number;
  outcome: string;
  startedAt: Date;
  durationMs: number | null;
  statusCode: number | null;
  error: string | null;
  responseSnippet: string | null;
}

function columns(alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `${a}id, ${a}organization_id, ${a}integration_id, ${a}plugin_id, ${a}instance_id, ${a}route,
  ${a}provider_delivery_id, ${a}payload, ${a}event_type, ${a}target_url, ${a}status, ${a}attempts, ${a}attempt_base,
  ${a}redrives, ${a}last_error, ${a}conversation_id, ${a}lease_token, ${a}lease_until, ${a}next_attempt_at,
  ${a}received_at, ${a}updated_at, ${a}pull`;
}
const COLUMNS = columns();

interface DeliveryRow {
  id: string;
  organization_id: string;
  integration_id: string;
  plugin_id: string;
  instance_id: string;
  route: string;
  provider_delivery_id: string;
  payload: unknown;
  event_type: string;
  target_url: string | null;
  status: DeliveryStatus;
  attempts: number;
  attempt_base: number;
  redrives: number;
  last_error: string | null;
  conversation_id: string | null;
  lease_token: string | null;
  lease_until: Date | null;
  next_attempt_at: Date | null;
  received_at: Date;
  updated_at: Date;
  pull: boolean;
}

function toDelivery(row: DeliveryRow): DeliveryEntity {
  return {
    id: row.id,
    organizationId: row.organization_id,
    integrationId: row.integration_id,
    pluginId: row.plugin_id,
    instanceId: row.instance_id,
    route: row.route,
    providerDeliveryId: row.provider_delivery_id,
    payload: row.payload,
    eventType: row.event_type,
    targetUrl: row.target_url,
    status: row.status,
    attempts: row.attempts,
    attemptBase: row.attempt_base,
    redrives: row.redrives,
    lastError: row.last_error,
    conversationId: row.conversation_id,
    leaseToken: row.lease_token,
    leaseUntil: row.lease_until,
    nextAttemptAt: row.next_attempt_at,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
    pull: row.pull,
  };
}

const REF = `id, attempts, redrives, pull, integration_id`;

/** A row of `REF` or of the outbox's claim; a field the statement did not select stays absent. */
interface DeliveryRefRow {
  id: string;
  attempts: number;
  redrives: number;
  pull?: boolean;
  integration_id?: string;
  recovered_from?: Date | null;
}

function toDeliveryRef(row: DeliveryRefRow): DeliveryRef {
  return {
    id: row.id,
    attempts: row.attempts,
    redrives: row.redrives,
    ...(row.pull === undefined ? {} : { pull: row.pull }),
    ...(row.integration_id === undefined ? {} : { integrationId: row.integration_id }),
    ...(row.recovered_from === undefined ? {} : { recoveredFrom: row.recovered_from }),
  };
}

/**
 * What the global sweep deletes of these tables ($1: the retention in hours, bound by IngressModule):
 * finished deliveries, and attempt logs, except those of DEAD rows, which stay until redriven.
 */
export const deliverySweepTargets = {
  deliveries: {
    name: 'deliveries',
    table: 'deliveries',
    where: `status IN ('DELIVERED', 'DISCARDED') AND updated_at < now() - make_interval(hours => $1)`,
  },
  deliveryAttempts: {
    name: 'deliveryAttempts',
    table: 'delivery_attempts',
    where: `created_at < now() - make_interval(hours => $1)
      AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.id = delivery_attempts.delivery_id AND d.status = 'DEAD')`,
  },
} satisfies Record<string, SweepTarget>;

function dedupKey(row: { pluginId: string; instanceId: string; providerDeliveryId: string }): string {
  return `${row.pluginId}\u0000${row.instanceId}\u0000${row.providerDeliveryId}`;
}

/** Every statement of this repository; `test/integration/database/repository-statements.spec.ts` prepares each. */
export const deliveryStatements = {
  // a lease still 'leased' that is no longer the row's live lease ran out without an ack
  listAttempts: `SELECT a.attempt,
              CASE WHEN a.kind = 'lease' AND a.outcome = 'leased'
                        AND NOT (d.status = 'QUEUED' AND d.attempts = a.attempt AND d.lease_until > now())
                   THEN 'expired' ELSE a.outcome END AS outcome,
              COALESCE(a.started_at, a.created_at) AS started_at,
              a.duration_ms, a.response_status,
              CASE WHEN a.kind = 'lease' AND a.outcome = 'leased'
                        AND NOT (d.status = 'QUEUED' AND d.attempts = a.attempt AND d.lease_until > now())
                   THEN 'not acked before its lease ran out' ELSE a.error END AS error,
              a.response_snippet
         FROM deliveries d
         LEFT JOIN delivery_attempts a
           ON a.delivery_id = d.id AND a.kind IN ('dispatch', 'lease') AND a.attempt IS NOT NULL
        WHERE d.id = $1 AND d.organization_id = $2
        ORDER BY a.attempt, a.created_at`,
  // no conflict target: a repeat of the dedup key and a repeated body (deliveries_body_repeat) both
  // leave the row out. With a lease ($11 token, $12 ms, $13 rows), the first rows of the batch that
  // are POSTed are stored already claimed by the accepting process's dispatcher, exactly as claimDue
  // would claim them (QUEUED, leased, the attempt counted if deliverable): one update per webhook fewer.
  insertBatch: `WITH stored AS (
         INSERT INTO deliveries (organization_id, integration_id, plugin_id, instance_id, route,
                                 provider_delivery_id, payload, event_type, target_url, body_sha256, pull,
                                 status, lease_token, lease_until, attempts)
         SELECT v.organization_id, v.integration_id, v.plugin_id, v.instance_id, v.route,
                v.provider_delivery_id, p.payload, v.event_type, v.target_url, v.body_sha256, m.pull,
                CASE WHEN l.leased THEN 'QUEUED' ELSE 'RECEIVED' END,
                CASE WHEN l.leased THEN $11::uuid END,
                CASE WHEN l.leased THEN now() + $12 * interval '1 millisecond' END,
                CASE WHEN l.leased AND i.status = ANY($14::text[]) THEN 1 ELSE 0 END
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::text[], $10::text[])
                WITH ORDINALITY AS v(organization_id, integration_id, plugin_id, instance_id, route,
                                     provider_delivery_id, event_type, target_url, body_sha256, n)
           JOIN jsonb_array_elements($9::jsonb) WITH ORDINALITY AS p(payload, n) USING (n)
           -- an integration deleted since its target was cached stores nothing (and fails no one else)
           JOIN integrations i ON i.id = v.integration_id
           -- an explicit target (an interaction's callbackUrl) is POSTed even for a pulling agent
           CROSS JOIN LATERAL (SELECT i.delivery_mode = 'pull' AND v.target_url IS NULL AS pull) m
           CROSS JOIN LATERAL (SELECT $11::uuid IS NOT NULL AND v.n <= $13 AND NOT m.pull AS leased) l
         ON CONFLICT DO NOTHING
         RETURNING *)
       SELECT s.instance_id, s.provider_delivery_id, s.lease_token IS NOT NULL AS leased,
              ${claimedColumns('s', 's.lease_token IS NOT NULL')}, ${dispatchTargetColumns('i')}
         FROM stored s LEFT JOIN integrations i ON i.id = s.integration_id AND s.lease_token IS NOT NULL`,
  // a row leased at insert is new: its only counted attempt (if any) is the one never made
  releaseUnstarted: `UPDATE deliveries d
          SET status = 'RECEIVED', lease_token = NULL, lease_until = NULL, attempts = 0, updated_at = now()
         FROM unnest($1::uuid[], $2::uuid[]) AS r(id, token)
        WHERE d.id = r.id AND d.lease_token = r.token AND d.attempts <= 1 AND d.attempt_base = 0`,
  findRepeated: `SELECT DISTINCT ON (k.n) d.id, k.n
         FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[])
              WITH ORDINALITY AS k(plugin_id, instance_id, provider_delivery_id, integration_id, body_sha256, n)
         JOIN deliveries d
           ON (d.plugin_id = k.plugin_id AND d.instance_id = k.instance_id
               AND d.provider_delivery_id = k.provider_delivery_id)
           OR (k.body_sha256 IS NOT NULL AND d.integration_id = k.integration_id AND d.body_sha256 = k.body_sha256)
        ORDER BY k.n, (d.provider_delivery_id = k.provider_delivery_id) DESC`,
  findForOrg: `SELECT ${COLUMNS} FROM deliveries WHERE id = $1 AND organization_id = $2`,
  listPage: `SELECT ${COLUMNS} FROM deliveries
        WHERE organization_id = $1
          AND ($2::text IS NULL OR status = $2)
          AND ($3::uuid IS NULL OR integration_id = $3)
          AND ($4::timestamptz IS NULL OR (received_at, id) < ($4, $5::uuid))
        ORDER BY received_at DESC, id DESC
        LIMIT $6`,
  // The claims below count a leased row as POSTed before the POST, so `attempts` stays honest if
  // the process dies mid-request (rows whose integration will park or discard them are not).
  // Several queue jobs' claims in one statement, each row under its job's own token; a function
  // with its plan pinned to a primary-key lookup per job (migration PinnedJobClaimPlan)
  claimForDispatch: `SELECT ${claimedColumns('c')}, c.lease_token, ${dispatchTargetColumns('i')}
         FROM plugboard_claim_deliveries_for_jobs($1::uuid[], $2::uuid[], $3::bigint, $4::text[]) c
         LEFT JOIN integrations i ON i.id = c.integration_id`,
  // the claim and the outcome statement live in functions whose plans are pinned (migration
  // PinnedDispatchPlans): the claim walks the pending index in order and stops at the limit, and
  // the outcomes are primary-key lookups, whatever the table's size or statistics
  claimDue: `SELECT ${claimedColumns('c')}, ${dispatchTargetColumns('i')}
         FROM plugboard_claim_due_deliveries($1::integer, $2::uuid, $3::bigint, $4::text[]) c
         LEFT JOIN integrations i ON i.id = c.integration_id`,
  recordOutcomes: `SELECT id, attempts, redrives
         FROM plugboard_record_delivery_outcomes($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[],
                $7::bigint[], $8::uuid[], $9::int[], $10::timestamptz[], $11::int[], $12::text[])`,
  leasePullable: `WITH exhausted AS (
         UPDATE deliveries d SET status = 'DEAD', lease_token = NULL, lease_until = NULL, next_attempt_at = NULL,
                last_error = 'not acked within ' || $5::integer || ' leases', updated_at = now()
          WHERE d.id IN (SELECT id FROM deliveries
                          WHERE integration_id = $2 AND organization_id = $1 AND pull AND status = 'QUEUED'
                            AND lease_until < now() AND attempts - attempt_base >= $5::integer
                          FOR UPDATE SKIP LOCKED)
          RETURNING d.id),
       due AS (
         SELECT id FROM deliveries
          WHERE integration_id = $2 AND organization_id = $1 AND pull AND status IN ('RECEIVED', 'QUEUED')
            AND (lease_until IS NULL OR lease_until < now()) AND attempts - attempt_base < $5
          ORDER BY received_at, id
          LIMIT $3
          FOR UPDATE SKIP LOCKED),
       leased AS (
         UPDATE deliveries d SET status = 'QUEUED', lease_token = gen_random_uuid(),
                lease_until = now() + $4 * interval '1 millisecond', attempts = d.attempts + 1,
                next_attempt_at = NULL, updated_at = now()
           FROM due WHERE d.id = due.id
          RETURNING d.*),
       logged AS (
         INSERT INTO delivery_attempts (delivery_id, organization_id, kind, outcome, attempt, started_at)
         SELECT id, organization_id, 'lease', 'leased', attempts, now() FROM leased)
       SELECT ${columns('l')}, ${dispatchTargetColumns('i')}, next.expiry AS next_lease_expiry
         FROM (SELECT min(lease_until) AS expiry FROM deliveries
                WHERE integration_id = $2 AND pull AND status = 'QUEUED' AND lease_until >= now()) AS next
         LEFT JOIN (leased l LEFT JOIN integrations i ON i.id = l.integration_id) ON true
        ORDER BY l.received_at, l.id`,
  ackLeases: `WITH acked AS (
         UPDATE deliveries d SET status = 'DELIVERED', lease_until = NULL, next_attempt_at = NULL, updated_at = now()
          WHERE d.organization_id = $1 AND d.integration_id = $2 AND d.pull AND d.status = 'QUEUED'
            AND d.lease_token = ANY($3::uuid[])
          RETURNING d.id, d.attempts),
       logged AS (
         UPDATE delivery_attempts a SET outcome = 'acked',
                duration_ms = (extract(epoch FROM now() - a.started_at) * 1000)::integer
           FROM acked WHERE a.delivery_id = acked.id AND a.kind = 'lease' AND a.attempt = acked.attempts)
       SELECT (SELECT count(*) FROM acked)::integer AS newly_acked,
              (SELECT count(*) FROM deliveries
                WHERE organization_id = $1 AND integration_id = $2 AND pull AND status = 'DELIVERED'
                  AND lease_token = ANY($3::uuid[]))::integer AS before`,
  deadLetterExpiredLeases: `UPDATE deliveries SET status = 'DEAD', lease_token = NULL, lease_until = NULL, next_attempt_at = NULL,
                last_error = 'not acked within ' || $1::integer || ' leases', updated_at = now()
          WHERE id IN (SELECT id FROM deliveries
                        WHERE pull AND status = 'QUEUED' AND lease_until < now() AND attempts - attempt_base >= $1::integer
                        LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING id`,
  setConversations: `UPDATE deliveries d SET conversation_id = v.conversation_id
         FROM unnest($1::uuid[], $2::uuid[]) AS v(id, conversation_id)
        WHERE d.id = v.id AND d.conversation_id IS NULL`,
  unpark: `UPDATE deliveries SET status = 'QUEUED', next_attempt_at = now(), updated_at = now()
          WHERE id = $1 AND status = 'PARKED'
          RETURNING ${REF}`,
  claimDeadForRedrive: `WITH claimed AS (
         UPDATE deliveries d SET status = 'QUEUED', attempt_base = d.attempts, redrives = d.redrives + 1,
                -- a pulled row is not POSTed by the redrive: it waits for its puller, unleased
                lease_token = CASE WHEN $4::integer IS NULL OR d.pull THEN NULL ELSE $3::uuid END,
                lease_until = CASE WHEN $4::integer IS NULL OR d.pull THEN NULL
                                   ELSE now() + $4 * interval '1 millisecond' END,
                next_attempt_at = CASE WHEN d.pull THEN NULL ELSE now() + $5 * interval '1 millisecond' END,
                updated_at = now(),
                attempts = d.attempts + CASE WHEN $4::integer IS NOT NULL AND NOT d.pull AND
                  (SELECT i.status FROM integrations i WHERE i.id = d.integration_id) = ANY($7::text[]) THEN 1 ELSE 0 END
          -- least recently touched first: a row a replay just returned to DEAD goes to the back, so
          -- calls in a row work through every DEAD row before trying one again
          WHERE d.id IN (SELECT id FROM deliveries
                          WHERE organization_id = $1 AND status = 'DEAD' AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
                            AND ($8::uuid IS NULL OR integration_id = $8)
                          ORDER BY updated_at, id LIMIT $6
                          FOR UPDATE SKIP LOCKED)
            AND d.status = 'DEAD'
          RETURNING d.*)
       SELECT ${claimedColumns('c')}, ${dispatchTargetColumns('i')}
         FROM claimed c LEFT JOIN integrations i ON i.id = c.integration_id`,
  countDead: `SELECT count(*)::integer AS count FROM deliveries
        WHERE organization_id = $1 AND status = 'DEAD' AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
          AND ($3::uuid IS NULL OR integration_id = $3)`,
  returnToDead: `UPDATE deliveries SET status = 'DEAD', last_error = $3, next_attempt_at = NULL, updated_at = now()
        WHERE id = $1 AND redrives = $2 AND status = 'QUEUED' AND lease_token IS NULL
        RETURNING id`,
  claimParked: `UPDATE deliveries SET status = 'QUEUED', attempt_base = attempts, redrives = redrives + 1, lease_token = NULL,
              lease_until = NULL, next_attempt_at = now() + $3 * interval '1 millisecond', updated_at = now()
        WHERE id IN (SELECT id FROM deliveries
                      WHERE organization_id = $1 AND integration_id = $2 AND status = 'PARKED'
                      ORDER BY received_at LIMIT $4
                      FOR UPDATE SKIP LOCKED)
          AND status = 'PARKED'
        RETURNING ${REF}`,
  // ENABLED integrations that still have PARKED rows: their return to ENABLED was not followed by
  // the redrive (a lost event); probed per integration through (integration_id, status)
  enabledIntegrationsWithParked: `SELECT i.organization_id, i.id FROM integrations i
        WHERE i.status = 'ENABLED'
          AND EXISTS (SELECT 1 FROM deliveries d WHERE d.integration_id = i.id AND d.status = 'PARKED')
        LIMIT $1`,
  claimDueForOutbox: `UPDATE deliveries AS d SET next_attempt_at = now() + $2 * interval '1 millisecond'
           FROM (SELECT id, COALESCE(lease_until, next_attempt_at) AS recovered_from FROM deliveries
                  WHERE status IN ('RECEIVED', 'QUEUED') AND NOT pull
                    AND COALESCE(next_attempt_at, received_at) <= now() - $1 * interval '1 millisecond'
                    AND (lease_until IS NULL OR lease_until < now())
                  ORDER BY COALESCE(next_attempt_at, received_at) LIMIT $3
                  FOR UPDATE SKIP LOCKED) AS due
          WHERE d.id = due.id
          RETURNING d.id, d.attempts, d.redrives, due.recovered_from`,
  forgetBodyRepeatKeys: `UPDATE deliveries SET body_sha256 = NULL
          WHERE id IN (SELECT id FROM deliveries
                        WHERE body_sha256 IS NOT NULL AND received_at < now() - interval '24 hours'
                        LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING id`,
  discardParkedBefore: `UPDATE deliveries SET status = 'DISCARDED', last_error = 'parked longer than the retention', updated_at = now()
          WHERE id IN (SELECT id FROM deliveries WHERE status = 'PARKED' AND received_at < $1 LIMIT $2
                        FOR UPDATE SKIP LOCKED)
            AND status = 'PARKED'
          RETURNING id`,
  countPending: `SELECT status, count(*) AS count FROM deliveries WHERE status IN ('RECEIVED', 'QUEUED') GROUP BY status`,
  recordAttempt: `INSERT INTO delivery_attempts (delivery_id, organization_id, kind, outcome, attempt, response_status, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
} as const;

/**
 * Every method is one atomic statement. Rows being worked on carry a lease (`lease_token`,
 * `lease_until`); every write after a claim is conditioned on the token, so a consumer whose lease
 * expired (it hung, or died) can never overwrite the outcome of the one that took over.
 */
@Injectable()
export class DeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The durable accept of a whole batch: one multi-row INSERT … ON CONFLICT DO NOTHING, committed by
   * itself, or with the caller's transaction given its manager (a second statement only when some rows
   * were repeats). Per row: the stored id and whether this row inserted it; a later copy of the same
   * dedup key within the batch is a repeat of the first. null for a row whose integration no longer exists (nothing stored for it). A database
   * error fails the whole batch: nothing of it is stored.
   */
  async insertBatch(
    rows: NewDelivery[],
    lease?: AcceptLease,
    manager?: EntityManager,
  ): Promise<Array<StoredDelivery | null>> {
    const firstIndex = new Map<string, number>();
    const unique: NewDelivery[] = [];
    rows.forEach((row, index) => {
      const key = dedupKey(row);
      if (firstIndex.has(key)) return;
      firstIndex.set(key, index);
      unique.push(row);
    });
    const stored = new Map<string, StoredDelivery>();
    type InsertedRow = ClaimedDeliveryRow & {
      instance_id: string;
      provider_delivery_id: string;
      leased: boolean;
    };
    const inserted = await this.prepared<InsertedRow>(manager ?? this.dataSource, 'insertBatch', [
      unique.map((row) => row.organizationId),
      unique.map((row) => row.integrationId),
      unique.map((row) => row.pluginId),
      unique.map((row) => row.instanceId),
      unique.map((row) => row.route),
      unique.map((row) => row.providerDeliveryId),
      unique.map((row) => row.eventType ?? 'ingress.delivery'),
      unique.map((row) => row.targetUrl ?? null),
      `[${unique.map((row) => row.payloadJson).join(',')}]`,
      unique.map((row) => row.bodyRepeatKey ?? null),
      lease?.token ?? null,
      lease?.leaseMs ?? 0,
      lease?.limit ?? 0,
      DELIVERABLE_STATUSES,
    ]);
    for (const row of inserted) {
      const key = {
        pluginId: row.plugin_id,
        instanceId: row.instance_id,
        providerDeliveryId: row.provider_delivery_id,
      };
      stored.set(dedupKey(key), {
        id: row.id,
        inserted: true,
        integrationId: row.integration_id,
        pull: row.pull,
        ...(row.leased ? { claimed: toClaimedDelivery(row) } : {}),
      });
    }
    const repeats = unique.filter((row) => !stored.has(dedupKey(row)));
    if (repeats.length > 0) await this.findRepeated(repeats, stored, manager ?? this.dataSource.manager);
    return rows.map((row, index) => {
      const key = dedupKey(row);
      const result = stored.get(key);
      if (!result) return null;
      return firstIndex.get(key) === index ? result : { id: result.id, inserted: false };
    });
  }

  /** The stored delivery each repeat repeats: the same dedup key, else (untimed schemes) the same body. */
  private async findRepeated(
    repeats: NewDelivery[],
    stored: Map<string, StoredDelivery>,
    manager: EntityManager,
  ): Promise<void> {
    const existing: Array<{ id: string; n: number }> = await manager.query(deliveryStatements.findRepeated, [
      repeats.map((row) => row.pluginId),
      repeats.map((row) => row.instanceId),
      repeats.map((row) => row.providerDeliveryId),
      repeats.map((row) => row.integrationId),
      repeats.map((row) => row.bodyRepeatKey ?? null),
    ]);
    for (const { id, n } of existing) stored.set(dedupKey(repeats[Number(n) - 1]), { id, inserted: false });
  }

  async findForOrg(orgId: string, id: string): Promise<DeliveryEntity | null> {
    const rows: DeliveryRow[] = await this.dataSource.query(deliveryStatements.findForOrg, [id, orgId]);
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  /**
   * The attempts of one of the org's deliveries, oldest first (rows that POSTed nothing, such as a
   * park or a redrive request, are not attempts); null when the org has no such delivery.
   */
  async listAttempts(orgId: string, id: string): Promise<AttemptRow[] | null> {
    const rows: Array<{
      attempt: number | null;
      outcome: string;
      started_at: Date;
      duration_ms: number | null;
      response_status: number | null;
      error: string | null;
      response_snippet: string | null;
    }> = await this.dataSource.query(deliveryStatements.listAttempts, [id, orgId]);
    if (rows.length === 0) return null;
    return rows.flatMap((row) =>
      row.attempt === null
        ? []
        : [
            {
              attempt: row.attempt,
              outcome: row.outcome,
              startedAt: row.started_at,
              durationMs: row.duration_ms,
              statusCode: row.response_status,
              error: row.error,
              responseSnippet: row.response_snippet,
            },
          ],
    );
  }

  async listPage(
    orgId: string,
    filter: { status?: DeliveryStatus; integrationId?: string },
    limit: number,
    cursor?: string,
  ): Promise<DeliveryEntity[]> {
    const after = decodeCursor(cursor);
    const rows: DeliveryRow[] = await this.dataSource.query(deliveryStatements.listPage, [
      orgId,
      filter.status ?? null,
      filter.integrationId ?? null,
      after?.createdAt ?? null,
      after?.id ?? null,
      limit + 1,
    ]);
    return rows.map(toDelivery);
  }

  /** Takes one row for a dispatch, unless it is finished or another consumer's lease is live. */
  /**
   * Queue jobs' claims, one statement for all: each row is leased under its own job's token if it is
   * due and unleased. Answers per claim the row, or null when it was not claimable (or another claim
   * of the same row in this batch won).
   */
  async claimForDispatch(
    claims: Array<{ id: string; token: string }>,
    leaseMs: number,
  ): Promise<Array<ClaimedDelivery | null>> {
    const rows = await this.prepared<ClaimedDeliveryRow & { lease_token: string }>(
      this.dataSource,
      'claimForDispatch',
      [claims.map((claim) => claim.id), claims.map((claim) => claim.token), leaseMs, DELIVERABLE_STATUSES],
    );
    const byToken = new Map(rows.map((row) => [row.lease_token, row]));
    return claims.map((claim) => {
      const row = byToken.get(claim.token);
      return row && row.id === claim.id ? toClaimedDelivery(row) : null;
    });
  }

  /**
   * The dispatcher's claim: up to `limit` rows that are due and leased by nobody (new, a retry whose
   * time has come, or abandoned by a process that died), oldest first, each with its integration,
   * in one statement. SKIP LOCKED: dispatchers in several processes never take the same row.
   */
  async claimDue(limit: number, token: string, leaseMs: number): Promise<ClaimedDelivery[]> {
    const rows = await this.prepared<ClaimedDeliveryRow>(this.dataSource, 'claimDue', [
      limit,
      token,
      leaseMs,
      DELIVERABLE_STATUSES,
    ]);
    return rows.map(toClaimedDelivery);
  }

  /**
   * Rows the insert leased to a dispatcher that never POSTed them (held too long, or the process is
   * closing): unleased, as the insert would have stored them without a lease, each only while that
   * lease is still its own, so any dispatcher claims them at once instead of after the lease.
   */
  async releaseUnstarted(rows: Array<{ id: string; token: string }>): Promise<void> {
    await this.prepared(this.dataSource, 'releaseUnstarted', [
      rows.map((row) => row.id),
      rows.map((row) => row.token),
    ]);
  }

  /**
   * The outcomes of many dispatches in one statement, each with its attempt log row, each only if
   * its lease is still the one it was claimed under (a consumer whose lease expired changes
   * nothing). Answers, per outcome, the row's counters, or null when the lease was lost.
   */
  async recordOutcomes(
    outcomes: DispatchOutcomeRow[],
  ): Promise<Array<{ attempts: number; redrives: number } | null>> {
    const rows = await this.prepared<{ id: string; attempts: number; redrives: number }>(
      this.dataSource,
      'recordOutcomes',
      [
        outcomes.map((row) => row.id),
        outcomes.map((row) => row.token),
        outcomes.map((row) => row.status),
        outcomes.map((row) => row.outcome),
        outcomes.map((row) => row.error),
        outcomes.map((row) => row.responseStatus),
        outcomes.map((row) => row.retryDelayMs),
        outcomes.map((row) => row.conversationId),
        outcomes.map((row) => row.attempt),
        outcomes.map((row) => row.startedAt),
        outcomes.map((row) => row.durationMs),
        outcomes.map((row) => row.responseSnippet),
      ],
    );
    const byId = new Map(rows.map((row) => [row.id, { attempts: row.attempts, redrives: row.redrives }]));
    return outcomes.map((row) => byId.get(row.id) ?? null);
  }

  /**
   * A pull: up to `limit` of the integration's waiting rows, oldest first, each under a new lease
   * (counted as an attempt and logged), with the integration's columns for signing, in one
   * statement. SKIP LOCKED and the lease make two pullers never get the same row while a lease is
   * live; a row whose last lease of the round ran out unacked is dead-lettered here instead of
   * leased again. Also answers when the earliest live lease runs out, for a puller that got nothing.
   */
  async leasePullable(
    orgId: string,
    integrationId: string,
    limit: number,
    leaseMs: number,
    maxAttempts: number,
  ): Promise<PullLeases> {
    // one row per leased delivery, or a single row of nulls but the expiry when nothing was leased
    const rows: Array<DeliveryRow & DispatchTargetColumns & { next_lease_expiry: Date | null }> =
      await this.dataSource.query(deliveryStatements.leasePullable, [
        orgId,
        integrationId,
        limit,
        leaseMs,
        maxAttempts,
      ]);
    const nextLeaseExpiry = rows[0]?.next_lease_expiry ?? null;
    const leased = rows
      .filter((row) => row.id)
      .map((row) => ({ ...toDelivery(row), ...toDispatchTargetRow(row) }) as LeasedDelivery);
    return { leased, nextLeaseExpiry };
  }

  /**
   * Leases acked: their deliveries are DELIVERED (and each lease's log row says so). Idempotent:
   * a lease acked before counts again and changes nothing. A lease that ran out still acks while
   * nobody else holds the row; once the row is leased again only the new lease acks it. Answers how
   * many of the leases are acked now.
   */
  async ackLeases(
    orgId: string,
    integrationId: string,
    leaseIds: string[],
  ): Promise<{ acked: number; newlyAcked: number }> {
    const [row]: Array<{ newly_acked: number; before: number }> = await this.dataSource.query(
      deliveryStatements.ackLeases,
      [orgId, integrationId, leaseIds],
    );
    return { acked: row.newly_acked + row.before, newlyAcked: row.newly_acked };
  }

  /**
   * Pulled rows whose last lease of the round ran out unacked → DEAD, in a bounded batch (a pull
   * does the same for its own integration; this catches integrations nobody pulls any more).
   */
  async deadLetterExpiredLeases(maxAttempts: number, limit: number): Promise<number> {
    const rows: unknown[] = returningRows(
      await this.dataSource.query(deliveryStatements.deadLetterExpiredLeases, [maxAttempts, limit]),
    );
    return rows.length;
  }

  /** The conversations resolved for pulled deliveries (a push records its own with the outcome). */
  async setConversations(entries: Array<{ id: string; conversationId: string }>): Promise<void> {
    if (entries.length === 0) return;
    await this.dataSource.query(deliveryStatements.setConversations, [
      entries.map((entry) => entry.id),
      entries.map((entry) => entry.conversationId),
    ]);
  }

  /** PARKED → QUEUED for one row (its integration became deliverable while it was being parked). */
  async unpark(id: string): Promise<DeliveryRef | null> {
    const rows = returningRows<DeliveryRefRow>(await this.dataSource.query(deliveryStatements.unpark, [id]));
    return rows[0] ? toDeliveryRef(rows[0]) : null;
  }

  /**
   * Claims DEAD rows for a redrive (by ids, or all of the org's when `ids` is null): they leave DEAD
   * here, atomically, so two concurrent redrives never both replay a row. `leaseMs` set: the caller
   * dispatches itself under `token`; null: the rows are handed to the queue.
   */
  async claimDeadForRedrive(
    orgId: string,
    filter: DeadFilter,
    token: string,
    leaseMs: number | null,
    holdMs: number,
    limit: number,
  ): Promise<ClaimedDelivery[]> {
    // leased here (the caller POSTs at once): the attempt is counted now, as in every claim
    const rows: ClaimedDeliveryRow[] = await this.dataSource.query(deliveryStatements.claimDeadForRedrive, [
      orgId,
      filter.ids,
      token,
      leaseMs,
      holdMs,
      limit,
      DELIVERABLE_STATUSES,
      filter.integrationId,
    ]);
    return rows.map(toClaimedDelivery);
  }

  /** How many of the org's deliveries a redrive with this filter would still find DEAD. */
  async countDead(orgId: string, filter: DeadFilter): Promise<number> {
    const [row]: Array<{ count: number }> = await this.dataSource.query(deliveryStatements.countDead, [
      orgId,
      filter.ids,
      filter.integrationId,
    ]);
    return row.count;
  }

  /** A queued redrive whose enqueue failed goes back to DEAD: the replay was not accepted. */
  async returnToDead(id: string, redrives: number, error: string): Promise<boolean> {
    const rows: unknown[] = returningRows(
      await this.dataSource.query(deliveryStatements.returnToDead, [id, redrives, error]),
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
    return returningRows<DeliveryRefRow>(
      await this.dataSource.query(deliveryStatements.claimParked, [orgId, integrationId, holdMs, limit]),
    ).map(toDeliveryRef);
  }

  /** ENABLED integrations (org and id) that still have PARKED deliveries, at most `limit`. */
  async findEnabledIntegrationsWithParked(
    limit: number,
  ): Promise<Array<{ orgId: string; integrationId: string }>> {
    const rows: Array<{ organization_id: string; id: string }> = await this.dataSource.query(
      deliveryStatements.enabledIntegrationsWithParked,
      [limit],
    );
    return rows.map((row) => ({ orgId: row.organization_id, integrationId: row.id }));
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
    return returningRows<DeliveryRefRow>(
      await manager.query(deliveryStatements.claimDueForOutbox, [graceMs, holdMs, limit]),
    ).map(toDeliveryRef);
  }

  /** One bounded batch of body hashes past the 24 h repeat window, cleared; returns the count. */
  async forgetBodyRepeatKeys(limit: number): Promise<number> {
    const rows: unknown[] = returningRows(
      await this.dataSource.query(deliveryStatements.forgetBodyRepeatKeys, [limit]),
    );
    return rows.length;
  }

  /** One bounded batch of PARKED deliveries older than the retention → DISCARDED; returns the count. */
  async discardParkedBefore(cutoff: Date, limit: number): Promise<number> {
    const rows: unknown[] = returningRows(
      await this.dataSource.query(deliveryStatements.discardParkedBefore, [cutoff, limit]),
    );
    return rows.length;
  }

  async countPending(): Promise<Record<'RECEIVED' | 'QUEUED', number>> {
    const rows: Array<{ status: 'RECEIVED' | 'QUEUED'; count: string }> = await this.dataSource.query(
      deliveryStatements.countPending,
    );
    const counts = { RECEIVED: 0, QUEUED: 0 };
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  async recordAttempt(attempt: NewAttempt): Promise<void> {
    await this.dataSource.query(deliveryStatements.recordAttempt, [
      attempt.deliveryId,
      attempt.organizationId,
      attempt.kind,
      attempt.outcome,
      attempt.attempt,
      attempt.responseStatus,
      attempt.error,
    ]);
  }

  /** The hot paths' statements (every accept, claim and outcome): parsed and planned once per connection. */
  private prepared<Row>(
    on: DataSource | EntityManager,
    statement: keyof typeof deliveryStatements,
    values: unknown[],
  ): Promise<Row[]> {
    return queryPrepared<Row>(on, `deliveries.${statement}`, deliveryStatements[statement], values);
  }
}
