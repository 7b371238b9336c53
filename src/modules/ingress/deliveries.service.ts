import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RequestInvalidError } from '../../shared/errors';
import { Page, pageSize, toPage } from '../../shared/pagination';
import { IntegrationNotFoundError, IntegrationsService } from '../integrations';
import { ClaimedDelivery, DeliveriesRepository } from './deliveries.repository';
import { DeliveryQueue, EnqueueOutcome } from './delivery.queue';
import { DispatchDeliveryUseCase } from './dispatch-delivery.usecase';
import { EventsInsertAfter } from './events-insert.sql';
import { DeliveryAttemptListResponseDto, toDeliveryAttempt } from './dto/delivery-attempt.response.dto';
import {
  DeliveryDetailResponseDto,
  DeliveryResponseDto,
  toDeliveryResponse,
} from './dto/delivery.response.dto';
import { GetDeliveryQueryDto } from './dto/get-delivery.request.dto';
import { ListDeliveriesQueryDto } from './dto/list-deliveries.request.dto';
import { RedriveDeliveriesRequestDto } from './dto/redrive-deliveries.request.dto';
import { RedriveParkedResultDto, RedriveResponseDto, RedriveResultDto } from './dto/redrive.response.dto';
import { DeliveryNotFoundError } from './ingress.errors';
import { NewDeliveries } from './new-deliveries';
import { OUTBOX_GRACE_MS } from './outbox.poller';

const REDRIVE_LIMIT = 500;
const SWEEP_BATCH = 1000;
export const PARKED_RETENTION_HOURS = 72;
const INLINE_REDRIVE_CONCURRENCY = 8;
/** Integrations healed per sweep run (each up to REDRIVE_LIMIT deliveries); the next run takes the rest. */
const HEAL_INTEGRATIONS = 100;

@Injectable()
export class DeliveriesService {
  private readonly logger = new Logger(DeliveriesService.name);

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly queue: DeliveryQueue,
    private readonly dispatcher: DispatchDeliveryUseCase,
    private readonly integrations: IntegrationsService,
    private readonly newDeliveries: NewDeliveries,
  ) {}

  /**
   * plugboard's own events for integrations' agents (e.g. `interaction.answered`), stored by the
   * caller's own statement (`run` executes it with the insert it is given; see EventsInsertSql) — so
   * an event exists exactly when what caused it committed — and dispatched once it has, exactly like
   * a provider webhook: signed, retried, dead-lettered, redrivable. An event's id makes it
   * idempotent: the same event stored twice is one delivery. Per row of the statement, the delivery
   * id it stored, or null (no event in that row, or its integration no longer exists).
   */
  async storeEventsSelectedBy<Row extends object>(
    maxEvents: number,
    run: (insertAfter: EventsInsertAfter) => Promise<Row[]>,
  ): Promise<Array<{ row: Row; deliveryId: string | null }>> {
    const stored = await this.newDeliveries.storeSelectedBy(maxEvents, run);
    return stored.map(({ row, stored: delivery }) => ({ row, deliveryId: delivery?.id ?? null }));
  }

  async listDeliveries(orgId: string, query: ListDeliveriesQueryDto): Promise<Page<DeliveryResponseDto>> {
    const limit = pageSize(query);
    const rows = await this.deliveries.listPage(
      orgId,
      { status: query.status, integrationId: query.integrationId?.toLowerCase() },
      limit,
      query.cursor,
    );
    return toPage(
      rows.map((row) => Object.assign(row, { createdAt: row.receivedAt })),
      limit,
      toDeliveryResponse,
    );
  }

  async getDelivery(
    orgId: string,
    id: string,
    query: GetDeliveryQueryDto = {},
  ): Promise<DeliveryDetailResponseDto> {
    const row = await this.deliveries.findForOrg(orgId, id);
    if (!row) throw new DeliveryNotFoundError();
    const delivery = toDeliveryResponse(row);
    return query.include === 'payload' ? { ...delivery, payload: row.payload } : delivery;
  }

  async listDeliveryAttempts(orgId: string, id: string): Promise<DeliveryAttemptListResponseDto> {
    const rows = await this.deliveries.listAttempts(orgId, id);
    if (!rows) throw new DeliveryNotFoundError();
    return { items: rows.map(toDeliveryAttempt) };
  }

  /**
   * Replays DEAD deliveries. Rows are claimed (DEAD → QUEUED) in the database first, so two
   * concurrent redrives replay each row once. With Redis a claimed row is queued (`handled` when the
   * add succeeds; otherwise it returns to DEAD); without, it is POSTed once right here and is
   * `handled` only if the receiver took it — a failed replay leaves it DEAD. Ids that were not DEAD
   * (or were claimed by a concurrent redrive) answer `failed`, handled false.
   */
  async redriveDeliveries(orgId: string, input: RedriveDeliveriesRequestDto): Promise<RedriveResponseDto> {
    if (!input.deliveryIds === !input.status) {
      throw new RequestInvalidError('send exactly one of deliveryIds or status');
    }
    if (input.integrationId && !input.status)
      throw new RequestInvalidError('integrationId goes with status (deliveryIds already name the rows)');
    const integrationId = input.integrationId?.toLowerCase() ?? null;
    if (integrationId && !(await this.integrations.hasIntegration(orgId, integrationId)))
      throw new IntegrationNotFoundError();
    const ids = input.deliveryIds ? [...new Set(input.deliveryIds.map((id) => id.toLowerCase()))] : null;
    const filter = { ids, integrationId };
    const token = randomUUID();
    const inline = !this.queue.usesRedis;
    const claimed = await this.deliveries.claimDeadForRedrive(
      orgId,
      filter,
      token,
      inline ? this.dispatcher.leaseMs : null,
      this.dispatcher.leaseMs,
      REDRIVE_LIMIT,
    );
    const results = new Map<string, RedriveResultDto>();
    for (const id of ids ?? []) results.set(id, { deliveryId: id, outcome: 'failed', handled: false });
    // a pulled row is only made pullable again: its puller, not this call, takes it
    const replay = (delivery: ClaimedDelivery) =>
      inline && !delivery.pull ? this.replayInline(delivery, token) : this.replayQueued(delivery);
    for (let index = 0; index < claimed.length; index += INLINE_REDRIVE_CONCURRENCY) {
      const batch = claimed.slice(index, index + INLINE_REDRIVE_CONCURRENCY);
      for (const result of await Promise.all(batch.map(replay))) results.set(result.deliveryId, result);
    }
    // counted after the replays: one that failed is DEAD again and left for the next call
    return { results: [...results.values()], remaining: await this.deliveries.countDead(orgId, filter) };
  }

  /** PARKED → QUEUED for the integration, then enqueued; the integration status is checked again at dispatch. */
  async redriveParked(orgId: string, integrationId: string): Promise<{ results: RedriveParkedResultDto[] }> {
    if (!(await this.integrations.hasIntegration(orgId, integrationId))) throw new IntegrationNotFoundError();
    // with Redis the outbox must leave the rows to their jobs for a while; without, they are due now
    const holdMs = this.queue.usesRedis ? OUTBOX_GRACE_MS : 0;
    const refs = await this.deliveries.claimParked(orgId, integrationId, holdMs, REDRIVE_LIMIT);
    const results: RedriveParkedResultDto[] = [];
    for (const ref of refs) {
      const outcome = await this.queue.enqueue(ref);
      await this.deliveries.recordAttempt({
        deliveryId: ref.id,
        organizationId: orgId,
        kind: 'redrive',
        outcome: `parked-${outcome}`,
        attempt: null,
        responseStatus: null,
        error: null,
      });
      results.push({ deliveryId: ref.id, outcome });
    }
    return { results };
  }

  /**
   * For the global sweep, its healing step: an integration back to ENABLED has its PARKED deliveries
   * redriven by the INTEGRATION_STATUS_CHANGED listener; when that did not happen (the process
   * stopped between the commit and the event, or the redrive failed) they would wait until discarded
   * at the end of the retention. Bounded per run; returns how many deliveries went out again.
   */
  async redriveParkedOfEnabledIntegrations(): Promise<number> {
    let total = 0;
    for (const { orgId, integrationId } of await this.deliveries.findEnabledIntegrationsWithParked(
      HEAL_INTEGRATIONS,
    )) {
      const { results } = await this.redriveParked(orgId, integrationId);
      total += results.length;
      this.logger.warn(
        { orgId, integrationId, deliveries: results.length },
        'parked deliveries of an ENABLED integration redriven by the sweep (their redrive had not happened)',
      );
    }
    return total;
  }

  /** For the global sweep: body hashes of untimed schemes are kept 24 h (the repeat window). */
  async forgetOldBodyRepeatKeys(): Promise<number> {
    let total = 0;
    for (;;) {
      const cleared = await this.deliveries.forgetBodyRepeatKeys(SWEEP_BATCH);
      total += cleared;
      if (cleared < SWEEP_BATCH) return total;
    }
  }

  /**
   * For the global sweep: PARKED deliveries received more than the retention ago are DISCARDED, in
   * bounded batches, with the count logged.
   */
  async discardExpiredParked(retentionHours = PARKED_RETENTION_HOURS): Promise<number> {
    const cutoff = new Date(Date.now() - retentionHours * 3_600_000);
    let total = 0;
    for (;;) {
      const discarded = await this.deliveries.discardParkedBefore(cutoff, SWEEP_BATCH);
      total += discarded;
      if (discarded < SWEEP_BATCH) break;
    }
    if (total > 0) this.logger.log(`discarded ${total} parked deliveries older than ${retentionHours} h`);
    return total;
  }

  private async replayQueued(delivery: ClaimedDelivery): Promise<RedriveResultDto> {
    let outcome: EnqueueOutcome = await this.queue.enqueue(delivery);
    if (outcome === 'failed') {
      const returned = await this.deliveries.returnToDead(
        delivery.id,
        delivery.redrives,
        'redrive: enqueue failed',
      );
      // not returned: a consumer already took the row, so the replay was accepted after all
      if (!returned) outcome = 'queued';
    }
    return this.recordRedrive(delivery, outcome, outcome !== 'failed', null);
  }

  private async replayInline(delivery: ClaimedDelivery, token: string): Promise<RedriveResultDto> {
    const result = await this.dispatcher.dispatchClaimed(delivery, token, { singleAttempt: true });
    if (result.retry) await this.queue.enqueue(result.retry.ref, result.retry.delayMs);
    // 'retry' here: parked, then unparked because the integration was re-enabled meanwhile; the dispatcher sends it
    const handled = ['delivered', 'parked', 'discarded', 'retry'].includes(result.outcome);
    return this.recordRedrive(
      delivery,
      handled ? 'dispatched' : 'failed',
      handled,
      handled ? null : result.outcome,
    );
  }

  private async recordRedrive(
    delivery: ClaimedDelivery,
    outcome: EnqueueOutcome,
    handled: boolean,
    error: string | null,
  ): Promise<RedriveResultDto> {
    await this.deliveries.recordAttempt({
      deliveryId: delivery.id,
      organizationId: delivery.organizationId,
      kind: 'redrive',
      outcome: handled ? `${outcome}-handled` : outcome,
      attempt: null,
      responseStatus: null,
      error,
    });
    return { deliveryId: delivery.id, outcome, handled };
  }
}
