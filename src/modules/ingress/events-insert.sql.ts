import { DELIVERABLE_STATUSES, dispatchTargetColumns } from '../integrations';
import {
  AcceptLease,
  claimedColumns,
  ClaimedDeliveryRow,
  StoredDelivery,
  toClaimedDelivery,
} from './deliveries.repository';

/**
 * How another module's statement stores, in that same statement, the events it selects: what it
 * changed and its events then commit together without a transaction's BEGIN and COMMIT round trips.
 * The caller names a relation `events` with the columns n (the event's order; the first rows are
 * the ones leased to this process's dispatch slots), organization_id, integration_id, event_type,
 * event_id, payload (jsonb) and target_url, puts `cte` after it, and selects `columns` from its
 * `events` as `e` followed by `joins` (which take the aliases `s` and `i`).
 */
export interface EventsInsertSql {
  cte: string;
  joins: string;
  /** The stored delivery's columns, null when nothing was stored for the event. */
  columns: string;
}

/** The SQL and its parameters, numbered from the caller's `firstParam`. */
export type EventsInsertAfter = (firstParam: number) => { sql: EventsInsertSql; params: unknown[] };

/** Built once per numbering: the caller's statement is prepared once, and so is its text. */
const built = new Map<number, EventsInsertSql>();

/**
 * Stored as a provider's webhook is: deduplicated on `<event_type>:<event_id>`, and not at all for
 * an integration that no longer exists in the event's org.
 */
export function eventsInsertSql(firstParam: number): EventsInsertSql {
  let sql = built.get(firstParam);
  if (!sql) built.set(firstParam, (sql = buildEventsInsertSql(firstParam)));
  return sql;
}

function buildEventsInsertSql(firstParam: number): EventsInsertSql {
  const [token, leaseMs, limit, statuses] = [0, 1, 2, 3].map((offset) => `$${firstParam + offset}`);
  return {
    cte: `stored_events AS (
       INSERT INTO deliveries (organization_id, integration_id, plugin_id, instance_id, route,
                               provider_delivery_id, payload, event_type, target_url, pull,
                               status, lease_token, lease_until, attempts)
       SELECT ev.organization_id, ev.integration_id, i.plugin, i.instance_id, ev.event_type,
              ev.event_type || ':' || ev.event_id, ev.payload, ev.event_type, ev.target_url, m.pull,
              CASE WHEN l.leased THEN 'QUEUED' ELSE 'RECEIVED' END,
              CASE WHEN l.leased THEN ${token}::uuid END,
              CASE WHEN l.leased THEN now() + ${leaseMs} * interval '1 millisecond' END,
              CASE WHEN l.leased AND i.status = ANY(${statuses}::text[]) THEN 1 ELSE 0 END
         FROM events ev
         JOIN integrations i ON i.id = ev.integration_id AND i.organization_id = ev.organization_id
         -- an explicit target (an interaction's callbackUrl) is POSTed even for a pulling agent
         CROSS JOIN LATERAL (SELECT i.delivery_mode = 'pull' AND ev.target_url IS NULL AS pull) m
         CROSS JOIN LATERAL (SELECT ${token}::uuid IS NOT NULL AND ev.n <= ${limit} AND NOT m.pull AS leased) l
       ON CONFLICT DO NOTHING
       RETURNING *)`,
    joins: `LEFT JOIN stored_events s
              ON s.integration_id = e.integration_id AND s.provider_delivery_id = e.event_type || ':' || e.event_id
            LEFT JOIN integrations i ON i.id = s.integration_id AND s.lease_token IS NOT NULL`,
    columns: `s.lease_token IS NOT NULL AS leased, ${claimedColumns('s', 's.lease_token IS NOT NULL')},
              ${dispatchTargetColumns('i')}`,
  };
}

export function eventsInsertParams(lease: AcceptLease | undefined): unknown[] {
  return [lease?.token ?? null, lease?.leaseMs ?? 0, lease?.limit ?? 0, DELIVERABLE_STATUSES];
}

/** The delivery a row of the caller's statement stored, or null (none for it, or its integration is gone). */
export function storedEventOf(row: object): StoredDelivery | null {
  const stored = row as Partial<ClaimedDeliveryRow> & { leased?: boolean };
  if (!stored.id) return null;
  return {
    id: stored.id,
    inserted: true,
    integrationId: stored.integration_id,
    pull: stored.pull,
    ...(stored.leased ? { claimed: toClaimedDelivery(stored as ClaimedDeliveryRow) } : {}),
  };
}
