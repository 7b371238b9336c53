import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { returningRows } from '../../database';
import { decodeCursor } from '../../shared/pagination';
import { IntegrationEntity } from './integration.entity';
import type { IntegrationStatus } from './integration-status.rules';

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

export interface StatusTransition {
  integration: IntegrationEntity;
  from: IntegrationStatus;
}

const COLUMNS = `i.id, i.organization_id AS "organizationId", i.name, i.plugin, i.instance_id AS "instanceId",
  i.instance_name AS "instanceName",
  i.connection_ids AS "connectionIds", i.delivery_url AS "deliveryUrl", i.delivery_mode AS "deliveryMode",
  i.pull_agent_ids AS "pullAgentIds",
  i.delivery_secret_encrypted AS "deliverySecretEncrypted",
  i.previous_delivery_secret_encrypted AS "previousDeliverySecretEncrypted",
  i.previous_delivery_secret_expires_at AS "previousDeliverySecretExpiresAt", i.config, i.ingress_scheme AS "ingressScheme",
  i.ingress_secret_encrypted AS "ingressSecretEncrypted", i.on_error AS "onError", i.status,
  i.status_reason AS "statusReason", i.status_changed_at AS "statusChangedAt", i.created_at AS "createdAt",
  i.updated_at AS "updatedAt"`;

@Injectable()
export class IntegrationsRepository {
  constructor(
    @InjectRepository(IntegrationEntity) private readonly integrations: Repository<IntegrationEntity>,
  ) {}

  /**
   * A new integration starts ENABLED; a (plugin, instance id) clash surfaces as a unique violation.
   * `id` is the caller's: the secrets are already sealed for that row.
   */
  async insert(
    orgId: string,
    id: string,
    row: Omit<NewIntegration, 'organizationId'>,
  ): Promise<IntegrationEntity> {
    const rows: IntegrationEntity[] = await this.integrations.query(
      `INSERT INTO integrations AS i (organization_id, name, plugin, instance_id, connection_ids, delivery_url,
         delivery_secret_encrypted, config, ingress_scheme, ingress_secret_encrypted, on_error, status, id,
         instance_name, delivery_mode, pull_agent_ids)
       VALUES ($1, $2, $3, $4, $5::uuid[], $6, $7, $8::jsonb, $9, $10, $11, 'ENABLED', $12, $13, $14, $15::uuid[])
       RETURNING ${COLUMNS}`,
      [
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
      ],
    );
    return rows[0];
  }

  findForOrg(orgId: string, id: string): Promise<IntegrationEntity | null> {
    return this.integrations.findOneBy({ id, organizationId: orgId });
  }

  /** Ingress addresses an integration by (plugin, instance id), before any org is known. */
  findByPluginInstance(plugin: string, instanceId: string): Promise<IntegrationEntity | null> {
    return this.integrations.findOneBy({ plugin, instanceId });
  }

  listPage(orgId: string, limit: number, cursor?: string): Promise<IntegrationEntity[]> {
    const after = decodeCursor(cursor);
    const query = this.integrations
      .createQueryBuilder('i')
      .where('i.organization_id = :orgId', { orgId })
      .orderBy('i.created_at', 'DESC')
      .addOrderBy('i.id', 'DESC');
    if (after) query.andWhere('(i.created_at, i.id) < (:createdAt, :id)', after);
    return query.limit(limit + 1).getMany();
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
    const rows: Array<IntegrationEntity & { previousStatus: IntegrationStatus }> = returningRows(
      await manager.query(
        `UPDATE integrations AS i SET
         name = COALESCE($3, i.name),
         delivery_url = COALESCE($4, i.delivery_url),
         pull_agent_ids = COALESCE($8::uuid[], i.pull_agent_ids),
         config = COALESCE($5::jsonb, i.config),
         status = COALESCE($6, i.status),
         status_reason = CASE WHEN $6::text IS NOT NULL AND $6 <> previous.status THEN $7 ELSE i.status_reason END,
         status_changed_at = CASE WHEN $6::text IS NOT NULL AND $6 <> previous.status THEN now() ELSE i.status_changed_at END,
         updated_at = now()
       FROM (SELECT id, status FROM integrations WHERE id = $1 AND organization_id = $2 FOR UPDATE) AS previous
       WHERE i.id = previous.id
       RETURNING ${COLUMNS}, previous.status AS "previousStatus"`,
        [
          id,
          orgId,
          patch.name ?? null,
          patch.deliveryUrl ?? null,
          patch.config === undefined ? null : JSON.stringify(patch.config),
          patch.status ?? null,
          patch.statusReason ?? null,
          patch.pullAgentIds ?? null,
        ],
      ),
    );
    const row = rows[0];
    if (!row) return null;
    const { previousStatus, ...integration } = row;
    return { integration: integration as IntegrationEntity, from: previousStatus };
  }

  /** ENABLED integrations with connections, keyset-paginated by id (the sweep's reconciliation). */
  listEnabledWithConnections(
    afterId: string | null,
    limit: number,
  ): Promise<Array<{ id: string; orgId: string; connectionIds: string[] }>> {
    return this.integrations.query(
      `SELECT id, organization_id AS "orgId", connection_ids AS "connectionIds" FROM integrations
        WHERE status = 'ENABLED' AND cardinality(connection_ids) > 0 AND ($1::uuid IS NULL OR id > $1::uuid)
        ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
  }

  /** Ids of the org's integrations that use the connection and are in one of `statuses`. */
  async listIdsUsingConnection(
    orgId: string,
    connectionId: string,
    statuses: IntegrationStatus[],
  ): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.integrations.query(
      `SELECT id FROM integrations
        WHERE organization_id = $1 AND connection_ids @> ARRAY[$2]::uuid[] AND status = ANY($3)
        ORDER BY created_at`,
      [orgId, connectionId, statuses],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Conditional transition: moves the row to `to` only while its status is one of `from`, so a
   * repeated event changes nothing (idempotent). Returns the status it left, or null.
   */
  async transitionIfStatusIn(
    orgId: string,
    id: string,
    from: IntegrationStatus[],
    to: IntegrationStatus,
    reason: string | null,
    manager: EntityManager,
  ): Promise<IntegrationStatus | null> {
    const rows: Array<{ previousStatus: IntegrationStatus }> = returningRows(
      await manager.query(
        `UPDATE integrations AS i SET status = $4, status_reason = $5, status_changed_at = now(), updated_at = now()
         FROM (SELECT id, status FROM integrations WHERE id = $1 AND organization_id = $2 FOR UPDATE) AS previous
        WHERE i.id = previous.id AND previous.status = ANY($3)
        RETURNING previous.status AS "previousStatus"`,
        [id, orgId, from, to, reason],
      ),
    );
    return rows[0]?.previousStatus ?? null;
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
    const rows: IntegrationEntity[] = returningRows(
      await this.integrations.query(
        `UPDATE integrations AS i SET delivery_secret_encrypted = $4, previous_delivery_secret_encrypted = $5,
                previous_delivery_secret_expires_at = now() + $6 * interval '1 second', updated_at = now()
          WHERE i.id = $1 AND i.organization_id = $2 AND i.delivery_secret_encrypted = $3
          RETURNING ${COLUMNS}`,
        [id, orgId, sealedNow, rotated.sealedNew, rotated.sealedPrevious, overlapSeconds],
      ),
    );
    return rows[0] ?? null;
  }

  /** Previous delivery secrets whose overlap ended are forgotten, a bounded batch at a time. */
  async forgetExpiredPreviousSecrets(limit: number): Promise<number> {
    const rows: unknown[] = returningRows(
      await this.integrations.query(
        `UPDATE integrations SET previous_delivery_secret_encrypted = NULL, previous_delivery_secret_expires_at = NULL
          WHERE id IN (SELECT id FROM integrations WHERE previous_delivery_secret_expires_at < now()
                        LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING id`,
        [limit],
      ),
    );
    return rows.length;
  }

  async deleteForOrg(orgId: string, id: string): Promise<boolean> {
    const result = await this.integrations.delete({ id, organizationId: orgId });
    return (result.affected ?? 0) > 0;
  }
}
