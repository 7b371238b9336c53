import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { returningRows } from '../../database';
import { decodeCursor } from '../../shared/pagination';
import { IntegrationEntity } from './integration.entity';
import type { IntegrationStatus } from './integration-status.rules';
import type { DeliveryMode, IngressScheme, OnErrorPolicy } from './integration.types';

export type NewIntegration = Omit<
  IntegrationEntity,
  | 'id'
  | 'createdAt'
  | 'updatedAt'
  | 'statusChangedAt'
  | 'statusReason'
  | 'status'
  | 'previousDeliverySecretEncrypted'
  | 'previousDeliverySecretExpiresAt'
>;

export interface IntegrationPatch {
  name?: string;
  deliveryUrl?: string;
  pullAgentIds?: string[];
  config?: Record<string, unknown>;
  status?: IntegrationStatus;
  statusReason?: string | null;
}

/** What the sweep's reconciliation reads of an integration: whose connections, and since when its status. */
export interface IntegrationWithConnections {
  id: string;
  orgId: string;
  connectionIds: string[];
  statusChangedAt: Date;
}

export interface StatusTransition {
  integration: IntegrationEntity;
  from: IntegrationStatus;
}

const COLUMNS = `i.id, i.organization_id, i.name, i.plugin, i.instance_id, i.instance_name, i.connection_ids,
  i.delivery_url, i.delivery_mode, i.pull_agent_ids, i.delivery_secret_encrypted, i.previous_delivery_secret_encrypted,
  i.previous_delivery_secret_expires_at, i.config, i.ingress_scheme, i.ingress_secret_encrypted, i.on_error, i.status,
  i.status_reason, i.status_changed_at, i.created_at, i.updated_at`;

/** Every statement of this repository; `test/integration/database/repository-statements.spec.ts` prepares each. */
export const integrationStatements = {
  // a new integration starts ENABLED; a (plugin, instance id) clash surfaces as a unique violation
  insert: `INSERT INTO integrations AS i (organization_id, name, plugin, instance_id, connection_ids, delivery_url,
             delivery_secret_encrypted, config, ingress_scheme, ingress_secret_encrypted, on_error, status, id,
             instance_name, delivery_mode, pull_agent_ids)
           VALUES ($1, $2, $3, $4, $5::uuid[], $6, $7, $8::jsonb, $9, $10, $11, 'ENABLED', $12, $13, $14, $15::uuid[])
           RETURNING ${COLUMNS}`,
  findForOrg: `SELECT ${COLUMNS} FROM integrations i WHERE i.id = $1 AND i.organization_id = $2`,
  // ingress addresses an integration by (plugin, instance id), before any org is known
  findByPluginInstance: `SELECT ${COLUMNS} FROM integrations i WHERE i.plugin = $1 AND i.instance_id = $2`,
  listPage: `SELECT ${COLUMNS} FROM integrations i
              WHERE i.organization_id = $1
                AND ($2::timestamptz IS NULL OR (i.created_at, i.id) < ($2, $3::uuid))
              ORDER BY i.created_at DESC, i.id DESC
              LIMIT $4`,
  // locks the row, applies the patch and returns the status it had before, in one statement
  applyPatch: `UPDATE integrations AS i SET
                 name = COALESCE($3, i.name),
                 delivery_url = COALESCE($4, i.delivery_url),
                 pull_agent_ids = COALESCE($8::uuid[], i.pull_agent_ids),
                 config = COALESCE($5::jsonb, i.config),
                 status = COALESCE($6, i.status),
                 status_reason = CASE WHEN $6::text IS NOT NULL AND $6 <> previous.status THEN $7 ELSE i.status_reason END,
                 status_changed_at = CASE WHEN $6::text IS NOT NULL AND $6 <> previous.status THEN now()
                                          ELSE i.status_changed_at END,
                 updated_at = now()
               FROM (SELECT id, status FROM integrations WHERE id = $1 AND organization_id = $2 FOR UPDATE) AS previous
               WHERE i.id = previous.id
               RETURNING ${COLUMNS}, previous.status AS previous_status`,
  listInStatusesWithConnections: `SELECT id, organization_id, connection_ids, status_changed_at FROM integrations
                                  WHERE status = ANY($1) AND cardinality(connection_ids) > 0
                                    AND ($2::uuid IS NULL OR id > $2::uuid)
                                  ORDER BY id LIMIT $3`,
  listIdsUsingConnection: `SELECT id FROM integrations
                            WHERE organization_id = $1 AND connection_ids @> ARRAY[$2]::uuid[] AND status = ANY($3)
                            ORDER BY created_at`,
  // moves the row only while its status is one of $3, so a repeated event changes nothing; with $6,
  // only if that status is older than $6 (a change made since then is someone's newer decision)
  transitionIfStatusIn: `UPDATE integrations AS i
                            SET status = $4, status_reason = $5, status_changed_at = now(), updated_at = now()
                           FROM (SELECT id, status, status_changed_at FROM integrations
                                  WHERE id = $1 AND organization_id = $2 FOR UPDATE) AS previous
                          WHERE i.id = previous.id AND previous.status = ANY($3)
                            AND ($6::timestamptz IS NULL OR previous.status_changed_at < $6)
                          RETURNING previous.status AS previous_status`,
  // only if the current secret is still the one the caller read: of two racing rotations one wins
  rotateDeliverySecret: `UPDATE integrations AS i SET delivery_secret_encrypted = $4,
                             previous_delivery_secret_encrypted = $5,
                             previous_delivery_secret_expires_at = now() + $6 * interval '1 second', updated_at = now()
                          WHERE i.id = $1 AND i.organization_id = $2 AND i.delivery_secret_encrypted = $3
                          RETURNING ${COLUMNS}`,
  forgetExpiredPreviousSecrets: `UPDATE integrations
                                    SET previous_delivery_secret_encrypted = NULL,
                                        previous_delivery_secret_expires_at = NULL
                                  WHERE id IN (SELECT id FROM integrations WHERE previous_delivery_secret_expires_at < now()
                                                LIMIT $1 FOR UPDATE SKIP LOCKED)
                                  RETURNING id`,
  deleteForOrg: `DELETE FROM integrations WHERE id = $1 AND organization_id = $2 RETURNING id`,
} as const;

interface IntegrationRow {
  id: string;
  organization_id: string;
  name: string;
  plugin: string;
  instance_id: string;
  instance_name: string;
  connection_ids: string[];
  delivery_url: string | null;
  delivery_mode: DeliveryMode;
  pull_agent_ids: string[];
  delivery_secret_encrypted: string;
  previous_delivery_secret_encrypted: string | null;
  previous_delivery_secret_expires_at: Date | null;
  config: Record<string, unknown>;
  ingress_scheme: IngressScheme;
  ingress_secret_encrypted: string | null;
  on_error: OnErrorPolicy;
  status: IntegrationStatus;
  status_reason: string | null;
  status_changed_at: Date;
  created_at: Date;
  updated_at: Date;
}

function toIntegration(row: IntegrationRow): IntegrationEntity {
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    plugin: row.plugin,
    instanceId: row.instance_id,
    instanceName: row.instance_name,
    connectionIds: row.connection_ids,
    deliveryUrl: row.delivery_url,
    deliveryMode: row.delivery_mode,
    pullAgentIds: row.pull_agent_ids,
    deliverySecretEncrypted: row.delivery_secret_encrypted,
    previousDeliverySecretEncrypted: row.previous_delivery_secret_encrypted,
    previousDeliverySecretExpiresAt: row.previous_delivery_secret_expires_at,
    config: row.config,
    ingressScheme: row.ingress_scheme,
    ingressSecretEncrypted: row.ingress_secret_encrypted,
    onError: row.on_error,
    status: row.status,
    statusReason: row.status_reason,
    statusChangedAt: row.status_changed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

@Injectable()
export class IntegrationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A new integration starts ENABLED; a (plugin, instance id) clash surfaces as a unique violation.
   * `id` is the caller's: the secrets are already sealed for that row.
   */
  async insert(
    orgId: string,
    id: string,
    row: Omit<NewIntegration, 'organizationId'>,
  ): Promise<IntegrationEntity> {
    const rows: IntegrationRow[] = await this.dataSource.query(integrationStatements.insert, [
      orgId,
      row.name,
      row.plugin,
      row.instanceId,
      row.connectionIds,
      row.deliveryUrl,
      row.deliverySecretEncrypted,
      JSON.stringify(row.config),
      row.ingressScheme,
      row.ingressSecretEncrypted,
      row.onError,
      id,
      row.instanceName,
      row.deliveryMode,
      row.pullAgentIds,
    ]);
    return toIntegration(rows[0]);
  }

  async findForOrg(orgId: string, id: string): Promise<IntegrationEntity | null> {
    const rows: IntegrationRow[] = await this.dataSource.query(integrationStatements.findForOrg, [id, orgId]);
    return rows[0] ? toIntegration(rows[0]) : null;
  }

  /** Ingress addresses an integration by (plugin, instance id), before any org is known. */
  async findByPluginInstance(plugin: string, instanceId: string): Promise<IntegrationEntity | null> {
    const rows: IntegrationRow[] = await this.dataSource.query(integrationStatements.findByPluginInstance, [
      plugin,
      instanceId,
    ]);
    return rows[0] ? toIntegration(rows[0]) : null;
  }

  async listPage(orgId: string, limit: number, cursor?: string): Promise<IntegrationEntity[]> {
    const after = decodeCursor(cursor);
    const rows: IntegrationRow[] = await this.dataSource.query(integrationStatements.listPage, [
      orgId,
      after?.createdAt ?? null,
      after?.id ?? null,
      limit + 1,
    ]);
    return rows.map(toIntegration);
  }

  /**
   * One statement: locks the row, applies the patch and returns the status it had before, so the
   * caller can publish from → to without a read-then-write race.
   */
  async applyPatch(
    orgId: string,
    id: string,
    patch: IntegrationPatch,
    manager: EntityManager,
  ): Promise<StatusTransition | null> {
    const rows = returningRows<IntegrationRow & { previous_status: IntegrationStatus }>(
      await manager.query(integrationStatements.applyPatch, [
        id,
        orgId,
        patch.name ?? null,
        patch.deliveryUrl ?? null,
        patch.config === undefined ? null : JSON.stringify(patch.config),
        patch.status ?? null,
        patch.statusReason ?? null,
        patch.pullAgentIds ?? null,
      ]),
    );
    const row = rows[0];
    if (!row) return null;
    return { integration: toIntegration(row), from: row.previous_status };
  }

  /** Integrations in one of `statuses` that use connections, keyset-paginated by id (the sweep's). */
  async listInStatusesWithConnections(
    statuses: IntegrationStatus[],
    afterId: string | null,
    limit: number,
  ): Promise<IntegrationWithConnections[]> {
    const rows: Array<
      Pick<IntegrationRow, 'id' | 'organization_id' | 'connection_ids' | 'status_changed_at'>
    > = await this.dataSource.query(integrationStatements.listInStatusesWithConnections, [
      statuses,
      afterId,
      limit,
    ]);
    return rows.map((row) => ({
      id: row.id,
      orgId: row.organization_id,
      connectionIds: row.connection_ids,
      statusChangedAt: row.status_changed_at,
    }));
  }

  /** Ids of the org's integrations that use the connection and are in one of `statuses`. */
  async listIdsUsingConnection(
    orgId: string,
    connectionId: string,
    statuses: IntegrationStatus[],
  ): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      integrationStatements.listIdsUsingConnection,
      [orgId, connectionId, statuses],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Conditional transition: moves the row to `to` only while its status is one of `from`, so a
   * repeated event changes nothing (idempotent), and with `statusOlderThan` only if the status was
   * set before then. Returns the status it left, or null.
   */
  async transitionIfStatusIn(
    orgId: string,
    id: string,
    change: {
      from: IntegrationStatus[];
      to: IntegrationStatus;
      reason: string | null;
      statusOlderThan?: Date;
    },
    manager: EntityManager,
  ): Promise<IntegrationStatus | null> {
    const { from, to, reason, statusOlderThan } = change;
    const rows = returningRows<{ previous_status: IntegrationStatus }>(
      await manager.query(integrationStatements.transitionIfStatusIn, [
        id,
        orgId,
        from,
        to,
        reason,
        statusOlderThan ?? null,
      ]),
    );
    return rows[0]?.previous_status ?? null;
  }

  /**
   * The rotation's swap, only if the current secret is still the one the caller read (`sealedNow`):
   * of two rotations racing, one wins and the other finds nothing to update. The replaced secret,
   * re-sealed for its own column, signs too until `overlapSeconds` from now.
   */
  async rotateDeliverySecret(
    orgId: string,
    id: string,
    sealedNow: string,
    rotated: { sealedNew: string; sealedPrevious: string },
    overlapSeconds: number,
  ): Promise<IntegrationEntity | null> {
    const rows = returningRows<IntegrationRow>(
      await this.dataSource.query(integrationStatements.rotateDeliverySecret, [
        id,
        orgId,
        sealedNow,
        rotated.sealedNew,
        rotated.sealedPrevious,
        overlapSeconds,
      ]),
    );
    return rows[0] ? toIntegration(rows[0]) : null;
  }

  /** Previous delivery secrets whose overlap ended are forgotten, a bounded batch at a time. */
  async forgetExpiredPreviousSecrets(limit: number): Promise<number> {
    const result = await this.dataSource.query(integrationStatements.forgetExpiredPreviousSecrets, [limit]);
    return returningRows(result).length;
  }

  async deleteForOrg(orgId: string, id: string): Promise<boolean> {
    const result = await this.dataSource.query(integrationStatements.deleteForOrg, [id, orgId]);
    return returningRows(result).length > 0;
  }
}
