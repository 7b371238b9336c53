import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config';
import { OutboundHttp, UpstreamRefusedError, UpstreamTimeoutError } from '../../shared/outbound';
import { deliveryDispositionFor, DispatchTarget, IntegrationsService } from '../integrations';
import { ConversationsService } from './conversations.service';
import { DeliveriesRepository, DeliveryRef } from './deliveries.repository';
import { DeliveryEntity } from './delivery.entity';
import { IngressMetrics } from './ingress.metrics';
import { signStandardWebhook } from './signatures/standard-webhooks.verifier';

export const INGRESS_EVENT_TYPE = 'ingress.delivery';

export type DispatchOutcome = 'delivered' | 'retry' | 'dead' | 'parked' | 'discarded' | 'skipped';

export interface DispatchResult {
  outcome: DispatchOutcome;
  /** For `retry`: when to try again and the counters the next job id derives from. */
  retry?: { delayMs: number; ref: DeliveryRef };
}

interface PostResult {
  ok: boolean;
  retryable: boolean;
  status: number | null;
  error: string | null;
}

/**
 * One dispatch of one delivery: claim it under a lease, check the integration's status now (not at
 * accept time), resolve its conversation, POST it signed with Standard Webhooks, record the outcome.
 * Never throws for an expected failure; the queue or the inline runner acts on the result.
 */
@Injectable()
export class DispatchDeliveryUseCase {
  private readonly logger = new Logger(DispatchDeliveryUseCase.name);

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly integrations: IntegrationsService,
    private readonly conversations: ConversationsService,
    private readonly outbound: OutboundHttp,
    private readonly metrics: IngressMetrics,
    private readonly config: AppConfig,
  ) {}

  /** A consumer may hold a row this long: longer than one POST can take, short enough to recover a crash. */
  get leaseMs(): number {
    return this.config.delivery.timeoutMs * 2 + 5_000;
  }

  async execute(deliveryId: string): Promise<DispatchResult> {
    const token = randomUUID();
    const delivery = await this.deliveries.claimForDispatch(deliveryId, token, this.leaseMs);
    if (!delivery) return { outcome: 'skipped' };
    return this.dispatchClaimed(delivery, token, { singleAttempt: false });
  }

  /** `singleAttempt`: a redrive replays once and a failure returns the row to DEAD instead of retrying. */
  async dispatchClaimed(
    delivery: DeliveryEntity,
    token: string,
    options: { singleAttempt: boolean },
  ): Promise<DispatchResult> {
    const target = await this.integrations.getDispatchTarget(delivery.organizationId, delivery.integrationId);
    if (!target) return this.settle(delivery, token, 'discarded', 'integration no longer exists');
    const disposition = deliveryDispositionFor(target.status, target.onError);
    if (disposition === 'discard')
      return this.settle(delivery, token, 'discarded', `integration is ${target.status}`);
    if (disposition === 'park')
      return this.settle(delivery, token, 'parked', `integration is ${target.status}`);

    const conversationId =
      delivery.conversationId ??
      (delivery.eventType !== INGRESS_EVENT_TYPE
        ? null
        : await this.conversations.resolveConversation(
            delivery.organizationId,
            delivery.integrationId,
            target.plugin,
            delivery.payload,
            target.config,
          ));
    const attempt = await this.deliveries.beginAttempt(delivery.id, token, conversationId);
    if (!attempt) return { outcome: 'skipped' };

    const result = await this.post(delivery, target, conversationId);
    const roundAttempts = attempt.attempts - attempt.attemptBase;
    let outcome: DispatchOutcome;
    let retry: DispatchResult['retry'];
    if (result.ok) {
      outcome = (await this.deliveries.markDelivered(delivery.id, token)) ? 'delivered' : 'skipped';
    } else if (
      result.retryable &&
      !options.singleAttempt &&
      roundAttempts < this.config.delivery.maxAttempts
    ) {
      const delayMs = this.config.delivery.backoffMs * 2 ** (roundAttempts - 1);
      const ref = await this.deliveries.scheduleRetry(delivery.id, token, result.error ?? 'failed', delayMs);
      outcome = ref ? 'retry' : 'skipped';
      retry = ref ? { delayMs, ref } : undefined;
    } else {
      outcome = (await this.deliveries.markDead(delivery.id, token, result.error ?? 'failed'))
        ? 'dead'
        : 'skipped';
    }
    await this.deliveries.recordAttempt({
      deliveryId: delivery.id,
      organizationId: delivery.organizationId,
      kind: 'dispatch',
      outcome,
      attempt: attempt.attempts,
      responseStatus: result.status,
      error: result.error,
    });
    this.metrics.outcomes.inc({ outcome });
    return { outcome, retry };
  }

  private async settle(
    delivery: DeliveryEntity,
    token: string,
    outcome: 'parked' | 'discarded',
    reason: string,
  ): Promise<DispatchResult> {
    const changed =
      outcome === 'parked'
        ? await this.deliveries.markParked(delivery.id, token, reason)
        : await this.deliveries.markDiscarded(delivery.id, token, reason);
    if (!changed) return { outcome: 'skipped' };
    await this.deliveries.recordAttempt({
      deliveryId: delivery.id,
      organizationId: delivery.organizationId,
      kind: 'dispatch',
      outcome,
      attempt: null,
      responseStatus: null,
      error: reason,
    });
    this.metrics.outcomes.inc({ outcome });
    if (outcome === 'parked') return this.unparkIfEnabledMeanwhile(delivery);
    return { outcome };
  }

  /**
   * The integration may have returned to ENABLED between our status read and the park; its
   * INTEGRATION_STATUS_CHANGED listener then ran before the row was PARKED and missed it. Reading
   * the status again after parking closes that window: either we see ENABLED here, or the listener
   * runs after our park and finds the row.
   */
  private async unparkIfEnabledMeanwhile(delivery: DeliveryEntity): Promise<DispatchResult> {
    const target = await this.integrations.getDispatchTarget(delivery.organizationId, delivery.integrationId);
    if (!target || deliveryDispositionFor(target.status, target.onError) !== 'deliver')
      return { outcome: 'parked' };
    const ref = await this.deliveries.unpark(delivery.id);
    return ref ? { outcome: 'retry', retry: { delayMs: 0, ref } } : { outcome: 'parked' };
  }

  private async post(
    delivery: DeliveryEntity,
    target: DispatchTarget,
    conversationId: string | null,
  ): Promise<PostResult> {
    const body = JSON.stringify(
      delivery.eventType === INGRESS_EVENT_TYPE
        ? {
            type: INGRESS_EVENT_TYPE,
            deliveryId: delivery.id,
            integrationId: delivery.integrationId,
            plugin: delivery.pluginId,
            route: delivery.route,
            conversationId,
            receivedAt: delivery.receivedAt.toISOString(),
            payload: delivery.payload,
          }
        : { type: delivery.eventType, ...(delivery.payload as Record<string, unknown>) },
    );
    const timestamp = Math.floor(Date.now() / 1000);
    const timeoutMs = this.config.delivery.timeoutMs;
    try {
      const response = await this.outbound.request({
        url: delivery.targetUrl ?? target.deliveryUrl,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'plugboard-delivery',
          'webhook-id': delivery.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signStandardWebhook(target.deliverySecret, delivery.id, timestamp, body),
        },
        body,
        timeouts: { connectMs: Math.min(5_000, timeoutMs), headersMs: timeoutMs, bodyMs: timeoutMs },
      });
      await response.dump();
      if (response.status >= 200 && response.status < 300) {
        return { ok: true, retryable: false, status: response.status, error: null };
      }
      const retryable = response.status >= 500 || response.status === 429;
      return {
        ok: false,
        retryable,
        status: response.status,
        error: `receiver answered HTTP ${response.status}`,
      };
    } catch (error) {
      if (error instanceof UpstreamRefusedError) {
        return {
          ok: false,
          retryable: false,
          status: null,
          error:
            'delivery URL refused (private address): set ALLOW_PRIVATE_UPSTREAMS=true for local development, or use `plugboard listen`',
        };
      }
      const message = error instanceof UpstreamTimeoutError ? 'receiver timed out' : 'receiver unreachable';
      this.logger.debug({ deliveryId: delivery.id, err: error }, message);
      return { ok: false, retryable: true, status: null, error: message };
    }
  }
}
