import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { INTERACTION_ANSWERED, InteractionAnsweredEvent } from '../../../shared/events';
import { DeliveriesService } from '../../ingress';

/**
 * Carries the winning answer to the agent: to the interaction's callbackUrl, else the integration's
 * deliveryUrl, through the ingress delivery pipeline (Standard-Webhooks-signed, retried, dead-lettered,
 * redrivable), keyed by the claim so a repeated event is one delivery.
 */
@Injectable()
export class InteractionAnsweredListener {
  private readonly logger = new Logger(InteractionAnsweredListener.name);

  constructor(private readonly deliveries: DeliveriesService) {}

  @OnEvent(INTERACTION_ANSWERED)
  async deliverAnswer(event: InteractionAnsweredEvent): Promise<void> {
    try {
      const { deliveryId, enqueue } = await this.deliveries.enqueueEvent(event.orgId, event.integrationId, {
        eventType: 'interaction.answered',
        eventId: `${event.interactionId}:${event.answeredAt}`,
        payload: {
          interactionId: event.interactionId,
          userId: event.userId,
          answer: event.answer,
          answeredAt: event.answeredAt,
        },
        targetUrl: event.callbackUrl,
      });
      this.logger.log(
        { orgId: event.orgId, interactionId: event.interactionId, deliveryId, enqueue },
        'interaction answer queued for delivery',
      );
    } catch (error) {
      this.logger.error(
        { err: error, event: INTERACTION_ANSWERED, orgId: event.orgId, interactionId: event.interactionId },
        'could not queue the interaction answer for delivery',
      );
    }
  }
}
