import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { CREDENTIAL_INVALIDATED, CredentialInvalidatedEvent } from '../../../shared/events';
import { IntegrationsService } from '../integrations.service';

@Injectable()
export class CredentialInvalidatedListener {
  private readonly logger = new Logger(CredentialInvalidatedListener.name);

  constructor(private readonly integrations: IntegrationsService) {}

  @OnEvent(CREDENTIAL_INVALIDATED)
  async markIntegrationsErrored(event: CredentialInvalidatedEvent): Promise<void> {
    try {
      await this.integrations.markIntegrationsErrored(event.orgId, event.connectionId, event.reason);
    } catch (error) {
      // the sweep's reconciliation (ENABLED + INVALID connection → ERROR) heals a lost flip
      this.logger.error(
        { err: error, event: CREDENTIAL_INVALIDATED, orgId: event.orgId, connectionId: event.connectionId },
        `could not mark integrations using connection ${event.connectionId} as ERROR`,
      );
    }
  }
}
