import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { SLACK_ACTION_RECEIVED, SlackActionReceivedEvent } from '../../../shared/events';
import { PendingInteractionsService } from '../pending-interactions.service';
import { parseButtonClicks } from '../slack-blocks';

/** Slack button clicks arrive through ingress (signature already verified there). */
@Injectable()
export class SlackActionReceivedListener {
  private readonly logger = new Logger(SlackActionReceivedListener.name);

  constructor(private readonly interactions: PendingInteractionsService) {}

  @OnEvent(SLACK_ACTION_RECEIVED)
  async claimClickedInteractions(event: SlackActionReceivedEvent): Promise<void> {
    for (const click of parseButtonClicks(event.payload)) {
      try {
        const outcome = await this.interactions.claimFromSlackClick(event.orgId, event.integrationId, click);
        this.logger.log(
          { orgId: event.orgId, interactionId: click.interactionId, deliveryId: event.deliveryId, outcome },
          `slack click on interaction ${click.interactionId}: ${outcome}`,
        );
      } catch (error) {
        this.logger.error(
          { err: error, event: SLACK_ACTION_RECEIVED, deliveryId: event.deliveryId },
          'slack click failed',
        );
      }
    }
  }
}
