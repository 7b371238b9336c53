import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { REAUTH_SUCCEEDED, ReauthSucceededEvent } from '../../../shared/events';
import { IntegrationsService } from '../integrations.service';

@Injectable()
export class ReauthSucceededListener {
  private readonly logger = new Logger(ReauthSucceededListener.name);

  constructor(private readonly integrations: IntegrationsService) {}

  /** Best effort: a failure is logged here and never reaches the OAuth callback that emitted. */
  @OnEvent(REAUTH_SUCCEEDED)
  async restoreIntegrations(event: ReauthSucceededEvent): Promise<void> {
    try {
      await this.integrations.restoreIntegrationsAfterReauth(event.orgId, event.connectionId);
    } catch (error) {
      this.logger.error(
        { err: error, event: REAUTH_SUCCEEDED, orgId: event.orgId, connectionId: event.connectionId },
        `could not restore integrations after re-auth (connection=${event.connectionId})`,
      );
    }
  }
}
