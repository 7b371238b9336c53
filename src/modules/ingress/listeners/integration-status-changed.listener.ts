import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { INTEGRATION_STATUS_CHANGED, IntegrationStatusChangedEvent } from '../../../shared/events';
import { DeliveriesService } from '../deliveries.service';

@Injectable()
export class IntegrationStatusChangedListener {
  private readonly logger = new Logger(IntegrationStatusChangedListener.name);

  constructor(private readonly deliveries: DeliveriesService) {}

  /** Back to ENABLED (PATCH, or a successful re-auth): its parked deliveries go out at once. */
  @OnEvent(INTEGRATION_STATUS_CHANGED)
  async redriveParkedDeliveries(event: IntegrationStatusChangedEvent): Promise<void> {
    if (event.to !== 'ENABLED') return;
    try {
      await this.deliveries.redriveParked(event.orgId, event.integrationId);
    } catch (error) {
      this.logger.error(
        {
          err: error,
          event: INTEGRATION_STATUS_CHANGED,
          orgId: event.orgId,
          integrationId: event.integrationId,
        },
        `could not redrive parked deliveries of integration ${event.integrationId}`,
      );
    }
  }
}
