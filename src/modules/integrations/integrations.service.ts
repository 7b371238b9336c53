import { Injectable, Logger } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../config';
import { AccessTokenService } from '../oauth';
import { AfterCommit, ChangeChannel, TransactionRunner } from '../../database';
import { ChangeCache } from '../../shared/change-cache';
import { EventBus } from '../../shared/event-bus';
import { INTEGRATION_STATUS_CHANGED } from '../../shared/events';
import { ENCRYPTED_COLUMNS, EncryptedColumn, secretAt } from '../../shared/encrypted-columns';
import { Keyring } from '../../shared/keyring';
import { ListQueryDto, Page, pageSize, toPage } from '../../shared/pagination';
import { isUniqueViolation } from '../../shared/postgres-errors';
import { ConflictError, RequestInvalidError } from '../../shared/errors';
import { isUuid } from '../../shared/validation';
import { CreateIntegrationRequestDto } from './dto/create-integration.request.dto';
import {
  CreatedIntegrationResponseDto,
  IntegrationResponseDto,
  RotatedDeliverySecretResponseDto,
  toIntegrationResponse,
} from './dto/integration.response.dto';
import { UpdateIntegrationRequestDto } from './dto/update-integration.request.dto';
import { deliveryUrlWarnings } from './delivery-url.rules';
import { IntegrationEntity } from './integration.entity';
import {
  IntegrationStatus,
  statusAfterCredentialInvalidated,
  statusAfterReauth,
  statusesMovedBy,
} from './integration-status.rules';
import { DispatchTarget, DispatchTargetRow } from './dispatch-target';
import { DeliveryMode, IngressScheme, OnErrorPolicy } from './integration.types';
import {
  DeliveryModeSettingsError,
  IngressSecretRequiredError,
  InstanceConflictError,
  IntegrationNotFoundError,
} from './integrations.errors';
import { IntegrationsRepository } from './integrations.repository';

export interface IntegrationDescription {
  id: string;
  plugin: string;
  instanceId: string;
  status: IntegrationStatus;
  onError: OnErrorPolicy;
  deliveryMode: DeliveryMode;
  /** Agents whose worker tokens may pull (pull mode). */
  pullAgentIds: string[];
}

/** What ingress needs to verify and store a provider's request. */
export interface IngressTarget {
  integrationId: string;
  orgId: string;
  plugin: string;
  instanceId: string;
  scheme: IngressScheme;
  /** The provider's signing secret, decrypted; null for scheme `none`. */
  secret: string | null;
  config: Record<string, unknown>;
}

const SWEEP_BATCH = 1000;

/** Standard base64 (not base64url): Standard Webhooks libraries decode the part after whsec_ as base64. */
function generateDeliverySecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

// A status flip must not wait behind a stuck transaction: fail fast, log, let the sweep reconcile.
const LOCK_TIMEOUT = '2s';

/**
 * The instance segment of an integration's ingress URL: the chosen name plus 96 random bits. The name
 * alone is unique only within the org (so choosing one reveals nothing about other orgs), and nobody
 * can claim or guess another org's ingress URL in advance.
 */
function ingressInstanceId(instanceName: string): string {
  return `${instanceName}.${randomBytes(12).toString('base64url')}`;
}

const DELIVERY_SECRETS_KEPT = 10_000;

@Injectable()
export class IntegrationsService {
  private readonly logger = new Logger(IntegrationsService.name);
  /**
   * Ingress resolves its target on every request. Unknown (plugin, instance) pairs are remembered
   * too, so a flood of requests for a made-up instance costs no database reads; any change to any
   * integration (a new one included) drops those, and a change to one integration drops it.
   */
  private readonly ingressTargets: ChangeCache<IngressTarget | null>;
  /** An integration's plugin and instance id, for deliveries of plugboard's own events. */
  private readonly descriptions: ChangeCache<IntegrationDescription | null>;
  private readonly deliverySecrets = new Map<string, string>();

  constructor(
    private readonly integrations: IntegrationsRepository,
    private readonly transactions: TransactionRunner,
    private readonly keyring: Keyring,
    private readonly events: EventBus,
    private readonly config: AppConfig,
    private readonly connections: AccessTokenService,
    private readonly channel: ChangeChannel,
  ) {
    this.ingressTargets = new ChangeCache<IngressTarget | null>(channel, {
      topics: ['integration', 'org'],
      tagsOf: (target) =>
        target ? [`integration:${target.integrationId}`, `org:${target.orgId}`] : ['integration:*'],
    });
    this.descriptions = new ChangeCache<IntegrationDescription | null>(channel, {
      topics: ['integration'],
      keeps: (description) => description !== null,
      tagsOf: (description) => (description ? [`integration:${description.id}`] : []),
    });
  }

  async createIntegration(
    orgId: string,
    input: CreateIntegrationRequestDto,
  ): Promise<CreatedIntegrationResponseDto> {
    const connectionIds = (input.connectionIds ?? []).map((id) => id.toLowerCase());
    await this.assertConnectionsBelongToOrg(orgId, connectionIds);
    if (input.ingress.scheme !== 'none' && !input.ingress.secret) {
      throw new IngressSecretRequiredError(input.ingress.scheme);
    }
    const deliveryMode = input.deliveryMode ?? 'push';
    assertDeliverySettings(deliveryMode, input);
    const deliverySecret = generateDeliverySecret();
    const instanceName = input.instanceId ?? `inst_${randomBytes(8).toString('hex')}`;
    const instanceId = ingressInstanceId(instanceName);
    // chosen here: both secrets are sealed for this row
    const id = randomUUID();
    let row: IntegrationEntity;
    try {
      row = await this.integrations.insert(orgId, id, {
        name: input.name,
        plugin: input.plugin,
        instanceId,
        instanceName,
        connectionIds,
        deliveryUrl: input.deliveryUrl ?? null,
        deliveryMode,
        pullAgentIds: (input.pullAgentIds ?? []).map((agentId) => agentId.toLowerCase()),
        deliverySecretEncrypted: this.keyring.encrypt(
          deliverySecret,
          secretAt(ENCRYPTED_COLUMNS.integrationDeliverySecret, id),
        ),
        config: input.config ?? {},
        ingressScheme: input.ingress.scheme,
        ingressSecretEncrypted:
          input.ingress.scheme === 'none' || !input.ingress.secret
            ? null
            : this.keyring.encrypt(
                input.ingress.secret,
                secretAt(ENCRYPTED_COLUMNS.integrationIngressSecret, id),
              ),
        onError: input.onError ?? 'park',
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new InstanceConflictError(input.plugin, instanceName);
      throw error;
    }
    const warnings = deliveryUrlWarnings(input.deliveryUrl, this.config.outbound.allowPrivateUpstreams);
    for (const warning of warnings) this.logger.warn({ orgId, integrationId: row.id }, warning);
    // this process may remember the new (plugin, instance) as unknown: forget that at once
    this.channel.announce(`integration:${row.id}`);
    return { ...this.toResponse(row), deliverySecret, warnings };
  }

  /**
   * The single place that checks an integration's connections: each must be a connection of this
   * org. Another org's connection answers 404 CONNECTION.NOT_FOUND, exactly like a missing one.
   */
  async assertConnectionsBelongToOrg(orgId: string, connectionIds: string[]): Promise<void> {
    const malformed = connectionIds.filter((id) => !isUuid(id));
    if (malformed.length > 0)
      throw new RequestInvalidError(`connectionIds: not uuids: ${malformed.join(', ')}`);
    for (const connectionId of new Set(connectionIds)) {
      await this.connections.describeConnection(orgId, connectionId);
    }
  }

  async getIntegration(orgId: string, id: string): Promise<IntegrationResponseDto> {
    const row = await this.integrations.findForOrg(orgId, id);
    if (!row) throw new IntegrationNotFoundError();
    return this.toResponse(row);
  }

  async listIntegrations(orgId: string, query: ListQueryDto): Promise<Page<IntegrationResponseDto>> {
    const limit = pageSize(query);
    const rows = await this.integrations.listPage(orgId, limit, query.cursor);
    return toPage(rows, limit, (row) => this.toResponse(row));
  }

  async updateIntegration(
    orgId: string,
    id: string,
    input: UpdateIntegrationRequestDto,
  ): Promise<IntegrationResponseDto> {
    if (input.deliveryUrl !== undefined || input.pullAgentIds !== undefined) {
      // the mode is fixed at creation, so reading it before the update races with nothing
      const current = await this.integrations.findForOrg(orgId, id);
      if (!current) throw new IntegrationNotFoundError();
      assertDeliverySettings(current.deliveryMode, input, { update: true });
    }
    const statusReason =
      input.status === 'DISABLED' ? 'disabled by user' : input.status ? 'enabled by user' : null;
    const transition = await this.transactions.run(async (manager, afterCommit) => {
      const result = await this.integrations.applyPatch(
        orgId,
        id,
        {
          name: input.name,
          deliveryUrl: input.deliveryUrl,
          pullAgentIds: input.pullAgentIds?.map((agentId) => agentId.toLowerCase()),
          config: input.config,
          status: input.status,
          statusReason,
        },
        manager,
      );
      if (result && result.integration.status !== result.from) {
        this.publishStatusChange(
          afterCommit,
          orgId,
          id,
          result.from,
          result.integration.status,
          statusReason,
        );
      }
      return result;
    });
    if (!transition) throw new IntegrationNotFoundError();
    this.channel.announce(`integration:${id}`);
    return this.toResponse(transition.integration);
  }

  /**
   * A new delivery secret, shown once. For the overlap (DELIVERY_SECRET_OVERLAP_SECONDS, 24 h by
   * default) every delivery is signed by the new and the replaced secret, space-separated in
   * webhook-signature, so a receiver holding either verifies while it is updated; then by the new
   * one only. A second rotation within the overlap replaces the previous secret with the one it
   * rotates out (receivers still on the oldest stop verifying).
   */
  async rotateDeliverySecret(orgId: string, id: string): Promise<RotatedDeliverySecretResponseDto> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = await this.integrations.findForOrg(orgId, id);
      if (!row) throw new IntegrationNotFoundError();
      const current = this.keyring.decrypt(
        row.deliverySecretEncrypted,
        secretAt(ENCRYPTED_COLUMNS.integrationDeliverySecret, row.id),
      );
      const deliverySecret = generateDeliverySecret();
      const rotated = await this.integrations.rotateDeliverySecret(
        orgId,
        row.id,
        row.deliverySecretEncrypted,
        {
          sealedNew: this.keyring.encrypt(
            deliverySecret,
            secretAt(ENCRYPTED_COLUMNS.integrationDeliverySecret, row.id),
          ),
          // re-sealed: a ciphertext is bound to its column and would not open in the other one
          sealedPrevious: this.keyring.encrypt(
            current,
            secretAt(ENCRYPTED_COLUMNS.integrationPreviousDeliverySecret, row.id),
          ),
        },
        this.config.delivery.secretOverlapSeconds,
      );
      // another rotation won the race: rotate what it left
      if (!rotated) continue;
      this.channel.announce(`integration:${id}`);
      this.logger.log({ orgId, integrationId: id }, 'delivery secret rotated');
      return {
        deliverySecret,
        previousDeliverySecretExpiresAt: rotated.previousDeliverySecretExpiresAt!.toISOString(),
      };
    }
    throw new ConflictError(
      'INTEGRATION.ROTATION_CONFLICT',
      'The delivery secret is being rotated: try again',
    );
  }

  /** For the global sweep: a replaced secret is dropped once its overlap ended. */
  async forgetExpiredPreviousDeliverySecrets(): Promise<number> {
    let total = 0;
    for (;;) {
      const forgotten = await this.integrations.forgetExpiredPreviousSecrets(SWEEP_BATCH);
      total += forgotten;
      if (forgotten < SWEEP_BATCH) return total;
    }
  }

  async deleteIntegration(orgId: string, id: string): Promise<void> {
    if (!(await this.integrations.deleteForOrg(orgId, id))) throw new IntegrationNotFoundError();
    this.channel.announce(`integration:${id}`);
  }

  /** ENABLED integrations with connections, by id (the sweep's reconciliation of lost invalidations). */
  listEnabledWithConnections(afterId: string | null, limit: number) {
    return this.integrations.listInStatusesWithConnections(['ENABLED'], afterId, limit);
  }

  /** Integrations a re-auth would restore, with connections, by id (the sweep's reconciliation). */
  listRestorableByReauth(afterId: string | null, limit: number) {
    return this.integrations.listInStatusesWithConnections(
      statusesMovedBy(statusAfterReauth),
      afterId,
      limit,
    );
  }

  /** CREDENTIAL_INVALIDATED: every integration using the connection goes to ERROR, except DISABLED. */
  async markIntegrationsErrored(orgId: string, connectionId: string, reason: string): Promise<void> {
    const from = statusesMovedBy(statusAfterCredentialInvalidated);
    const ids = await this.integrations.listIdsUsingConnection(orgId, connectionId, from);
    for (const id of ids) {
      await this.transition(orgId, id, { from, to: 'ERROR', reason: `credential invalidated: ${reason}` });
    }
  }

  /**
   * REAUTH_SUCCEEDED: ERROR and DISABLED integrations using the connection go back to ENABLED. Best
   * effort per integration: one that cannot be flipped is logged and the others still are.
   */
  async restoreIntegrationsAfterReauth(orgId: string, connectionId: string): Promise<void> {
    const from = statusesMovedBy(statusAfterReauth);
    const ids = await this.integrations.listIdsUsingConnection(orgId, connectionId, from);
    for (const id of ids) {
      try {
        const previous = await this.transition(orgId, id, {
          from,
          to: 'ENABLED',
          reason: 're-authenticated',
        });
        if (previous) {
          this.logger.log(
            `Restoring integration ${id} from ${previous} to ENABLED after successful re-auth (connection=${connectionId})`,
          );
        }
      } catch (error) {
        this.logger.error(
          { err: error, event: 'REAUTH_SUCCEEDED', orgId, integrationId: id, connectionId },
          `could not restore integration ${id} after re-auth (connection=${connectionId})`,
        );
      }
    }
  }

  /**
   * The sweep's stand-in for a lost REAUTH_SUCCEEDED: restores the integration to ENABLED if it is
   * still ERROR or DISABLED since before the connection was re-authorized (a status set after that
   * is a newer decision, e.g. an operator's DISABLED, and stays). True when it moved.
   */
  async restoreAfterLostReauth(
    orgId: string,
    integrationId: string,
    connectionId: string,
    reauthorizedAt: Date,
  ): Promise<boolean> {
    const previous = await this.transition(orgId, integrationId, {
      from: statusesMovedBy(statusAfterReauth),
      to: 'ENABLED',
      reason: 're-authenticated (reconciled by the sweep)',
      statusOlderThan: reauthorizedAt,
    });
    if (previous) {
      this.logger.warn(
        { orgId, integrationId, connectionId, from: previous },
        `integration ${integrationId} restored from ${previous} to ENABLED by the sweep: its connection was re-authorized and the event had not restored it`,
      );
    }
    return previous !== null;
  }

  /**
   * What other modules need to know of one of the org's integrations (plugin, instance, status,
   * delivery mode, who may pull), from memory the change channel keeps true; null when there is none.
   */
  describeIntegration(orgId: string, id: string): Promise<IntegrationDescription | null> {
    return this.descriptions.get(`${orgId}/${id}`, async () => {
      const row = await this.integrations.findForOrg(orgId, id);
      return row
        ? {
            id: row.id,
            plugin: row.plugin,
            instanceId: row.instanceId,
            status: row.status,
            onError: row.onError,
            deliveryMode: row.deliveryMode,
            pullAgentIds: row.pullAgentIds,
          }
        : null;
    });
  }

  async hasIntegration(orgId: string, id: string): Promise<boolean> {
    return (await this.integrations.findForOrg(orgId, id)) !== null;
  }

  findIngressTarget(plugin: string, instanceId: string): Promise<IngressTarget | null> {
    return this.ingressTargets.get(`${plugin}\u0000${instanceId}`, async () => {
      const row = await this.integrations.findByPluginInstance(plugin, instanceId);
      if (!row) return null;
      return {
        integrationId: row.id,
        orgId: row.organizationId,
        plugin: row.plugin,
        instanceId: row.instanceId,
        scheme: row.ingressScheme,
        secret: row.ingressSecretEncrypted
          ? this.keyring.decrypt(
              row.ingressSecretEncrypted,
              secretAt(ENCRYPTED_COLUMNS.integrationIngressSecret, row.id),
            )
          : null,
        config: row.config,
      };
    });
  }

  /** A claim's joined integration columns as a DispatchTarget; null when the integration is gone. */
  toDispatchTarget(row: DispatchTargetRow): DispatchTarget | null {
    if (row.targetIntegrationId === null) return null;
    return {
      integrationId: row.targetIntegrationId,
      orgId: row.targetOrgId,
      plugin: row.targetPlugin,
      status: row.targetStatus,
      onError: row.targetOnError,
      deliveryUrl: row.targetDeliveryUrl,
      deliverySecret: this.deliverySecretOf(row.targetIntegrationId, row.targetDeliverySecretEncrypted),
      previousDeliverySecret: row.targetPreviousDeliverySecretEncrypted
        ? this.deliverySecretOf(
            row.targetIntegrationId,
            row.targetPreviousDeliverySecretEncrypted,
            ENCRYPTED_COLUMNS.integrationPreviousDeliverySecret,
          )
        : null,
      config: row.targetConfig,
    };
  }

  /**
   * Every delivery is signed with its integration's secret: decrypting it once per integration
   * rather than once per delivery. Keyed by the ciphertext, so a rotated secret is a new entry, and
   * by the column (the current secret, or the one a rotation replaced), since each is bound to its own.
   */
  private deliverySecretOf(
    integrationId: string,
    encrypted: string,
    column: EncryptedColumn = ENCRYPTED_COLUMNS.integrationDeliverySecret,
  ): string {
    const key = `${column.column}|${integrationId}|${encrypted}`;
    let secret = this.deliverySecrets.get(key);
    if (secret === undefined) {
      secret = this.keyring.decrypt(encrypted, secretAt(column, integrationId));
      if (this.deliverySecrets.size >= DELIVERY_SECRETS_KEPT) this.deliverySecrets.clear();
      this.deliverySecrets.set(key, secret);
    }
    return secret;
  }

  async getDispatchTarget(orgId: string, integrationId: string): Promise<DispatchTarget | null> {
    const row = await this.integrations.findForOrg(orgId, integrationId);
    if (!row) return null;
    return {
      integrationId: row.id,
      orgId: row.organizationId,
      plugin: row.plugin,
      status: row.status,
      onError: row.onError,
      deliveryUrl: row.deliveryUrl,
      deliverySecret: this.keyring.decrypt(
        row.deliverySecretEncrypted,
        secretAt(ENCRYPTED_COLUMNS.integrationDeliverySecret, row.id),
      ),
      previousDeliverySecret:
        row.previousDeliverySecretEncrypted &&
        row.previousDeliverySecretExpiresAt &&
        row.previousDeliverySecretExpiresAt.getTime() > Date.now()
          ? this.keyring.decrypt(
              row.previousDeliverySecretEncrypted,
              secretAt(ENCRYPTED_COLUMNS.integrationPreviousDeliverySecret, row.id),
            )
          : null,
      config: row.config,
    };
  }

  private async transition(
    orgId: string,
    id: string,
    change: { from: IntegrationStatus[]; to: IntegrationStatus; reason: string; statusOlderThan?: Date },
  ): Promise<IntegrationStatus | null> {
    return this.transactions.run(async (manager: EntityManager, afterCommit) => {
      await manager.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      const previous = await this.integrations.transitionIfStatusIn(orgId, id, change, manager);
      if (previous) this.publishStatusChange(afterCommit, orgId, id, previous, change.to, change.reason);
      return previous;
    });
  }

  private publishStatusChange(
    afterCommit: AfterCommit,
    orgId: string,
    integrationId: string,
    from: IntegrationStatus,
    to: IntegrationStatus,
    reason: string | null,
  ): void {
    afterCommit(() =>
      this.events.publish(INTEGRATION_STATUS_CHANGED, { orgId, integrationId, from, to, reason }),
    );
  }

  private toResponse(row: IntegrationEntity): IntegrationResponseDto {
    return toIntegrationResponse(row, this.config.publicUrl);
  }
}

/**
 * Push mode POSTs to deliveryUrl, so it needs one and has nobody pulling; pull mode has no URL. The
 * mode itself is chosen at creation and never changes (a new integration switches it).
 */
function assertDeliverySettings(
  mode: DeliveryMode,
  input: { deliveryUrl?: string; pullAgentIds?: string[] },
  options: { update?: boolean } = {},
): void {
  if (mode === 'push') {
    if (!options.update && !input.deliveryUrl)
      throw new DeliveryModeSettingsError(
        'deliveryUrl is required in push mode (or set deliveryMode: "pull")',
      );
    if (input.pullAgentIds !== undefined)
      throw new DeliveryModeSettingsError('pullAgentIds applies to pull mode only');
  } else if (input.deliveryUrl !== undefined) {
    throw new DeliveryModeSettingsError('a pull-mode integration has no deliveryUrl: its agent pulls');
  }
}
