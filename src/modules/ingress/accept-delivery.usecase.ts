import { Injectable } from '@nestjs/common';
import { EventBus } from '../../shared/event-bus';
import { SLACK_ACTION_RECEIVED } from '../../shared/events';
import { IntegrationsService, PLUGIN_SLUG } from '../integrations';
import { providerDeliveryId } from './delivery-id';
import { isForeignKeyViolation } from '../../shared/postgres-errors';
import { DeliveriesRepository, NewDelivery } from './deliveries.repository';
import { DeliveryQueue } from './delivery.queue';
import { BadSignatureError, UnknownIngressTargetError } from './ingress.errors';
import { IngressMetrics } from './ingress.metrics';
import { RequestHeaders } from './signatures/signature-verifier';
import { verifierFor } from './signatures/verifiers';
import { isObject, parseWebhookPayload, slackChallenge } from './webhook-payload';

export interface IncomingWebhook {
  pluginId: string;
  instanceId: string;
  route: string;
  headers: RequestHeaders;
  rawBody: Buffer;
}

export type AcceptResult =
  { kind: 'delivery'; deliveryId: string; duplicate: boolean } | { kind: 'challenge'; challenge: string };

/**
 * verify → insertIfNew (committed on its own) → enqueue after the commit. A failed signature stores
 * nothing; a database error propagates, so the provider sees 503 and retries: never a 2xx for a
 * delivery that is not stored.
 */
@Injectable()
export class AcceptDeliveryUseCase {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly deliveries: DeliveriesRepository,
    private readonly queue: DeliveryQueue,
    private readonly metrics: IngressMetrics,
    private readonly events: EventBus,
  ) {}

  async execute(webhook: IncomingWebhook): Promise<AcceptResult> {
    const started = process.hrtime.bigint();
    if (!PLUGIN_SLUG.test(webhook.pluginId)) throw new UnknownIngressTargetError();
    const target = await this.integrations.findIngressTarget(webhook.pluginId, webhook.instanceId);
    if (!target) throw new UnknownIngressTargetError();

    const verification = verifierFor(target.scheme).verify({
      headers: webhook.headers,
      rawBody: webhook.rawBody,
      secret: target.secret,
      now: new Date(),
    });
    if (!verification.ok) {
      this.metrics.requests.inc({ scheme: target.scheme, result: 'rejected' });
      throw new BadSignatureError();
    }

    const payload = parseWebhookPayload(webhook.headers, webhook.rawBody);
    if (target.scheme === 'slack') {
      const challenge = slackChallenge(payload);
      if (challenge !== null) return { kind: 'challenge', challenge };
    }

    const { id, inserted } = await this.store({
      organizationId: target.orgId,
      integrationId: target.integrationId,
      pluginId: target.plugin,
      instanceId: target.instanceId,
      route: webhook.route,
      providerDeliveryId: providerDeliveryId({ scheme: target.scheme, ...webhook, payload }),
      payload,
    });
    this.metrics.requests.inc({ scheme: target.scheme, result: inserted ? 'accepted' : 'duplicate' });
    this.metrics.acceptDuration.observe(
      { scheme: target.scheme },
      Number(process.hrtime.bigint() - started) / 1e9,
    );
    // after the commit, not awaited: the provider's answer depends only on the durable insert, and
    // enqueue never throws; a failed or lost enqueue is the outbox poller's to recover
    if (inserted) void this.queue.enqueue({ id, attempts: 0, redrives: 0 });
    if (inserted && target.scheme === 'slack' && isObject(payload) && payload.type === 'block_actions') {
      // Slack wants its ack within 3 s: the claim (and its chat.update) runs after we answer.
      void this.events.publish(SLACK_ACTION_RECEIVED, {
        orgId: target.orgId,
        integrationId: target.integrationId,
        deliveryId: id,
        payload,
      });
    }
    return { kind: 'delivery', deliveryId: id, duplicate: !inserted };
  }

  private async store(row: NewDelivery): Promise<{ id: string; inserted: boolean }> {
    try {
      return await this.deliveries.insertIfNew(row);
    } catch (error) {
      // the integration was deleted (in another process) since its lookup was cached
      if (isForeignKeyViolation(error)) throw new UnknownIngressTargetError();
      throw error;
    }
  }
}
