import { Injectable } from '@nestjs/common';
import { isUtf8 } from 'node:buffer';
import { RequestInvalidError } from '../../shared/errors';
import { EventBus } from '../../shared/event-bus';
import { SLACK_ACTION_RECEIVED } from '../../shared/events';
import { IntegrationsService, PLUGIN_SLUG } from '../integrations';
import { bodyRepeatKey, providerDeliveryId } from './delivery-id';
import { BadSignatureError, UnknownIngressTargetError } from './ingress.errors';
import { IngressMetrics } from './ingress.metrics';
import { NewDeliveries } from './new-deliveries';
import { RequestHeaders } from './signatures/signature-verifier';
import { verifierFor } from './signatures/verifiers';
import { isStorableJson } from '../../shared/strict-input';
import { isObject, readWebhookBody, slackChallenge } from './webhook-payload';

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
 * verify → store (group commit) → answer. A failed signature stores nothing. Requests that arrive
 * while an insert is in flight are stored together by the next multi-row insert; each is answered
 * only after its own batch committed, and a database error fails the whole batch, so the provider
 * sees 503 and retries: never a 2xx for a delivery that is not stored. Dispatch never runs here:
 * after the commit the batch is handed to the delivery queue (Redis) or the dispatcher is woken.
 */
@Injectable()
export class AcceptDeliveryUseCase {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly newDeliveries: NewDeliveries,
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
      this.metrics.requestsOf(target.scheme, 'rejected').inc();
      throw new BadSignatureError();
    }
    // PostgreSQL stores neither invalid UTF-8 nor NUL: refuse them as bad input, never a 5xx
    if (!isUtf8(webhook.rawBody)) throw new RequestInvalidError('The body is not valid UTF-8');
    const { payload, json } = readWebhookBody(webhook.headers, webhook.rawBody);
    if (target.scheme === 'slack') {
      const challenge = slackChallenge(payload);
      if (challenge !== null) return { kind: 'challenge', challenge };
    }
    if (!isStorableJson(json))
      throw new RequestInvalidError(
        'The body cannot be stored: it contains a NUL character, an unpaired surrogate or nesting over 1,000 levels',
      );

    const stored = await this.newDeliveries.store({
      organizationId: target.orgId,
      integrationId: target.integrationId,
      pluginId: target.plugin,
      instanceId: target.instanceId,
      route: webhook.route,
      providerDeliveryId: providerDeliveryId({ scheme: target.scheme, ...webhook, payload }),
      bodyRepeatKey: bodyRepeatKey(target.scheme, webhook.rawBody),
      payloadJson: json,
    });
    // the integration was deleted (in another process) since its target was cached
    if (!stored) throw new UnknownIngressTargetError();
    const { id, inserted } = stored;
    this.metrics.requestsOf(target.scheme, inserted ? 'accepted' : 'duplicate').inc();
    this.metrics.acceptDurationOf(target.scheme).observe(Number(process.hrtime.bigint() - started) / 1e9);
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
}
