import { Injectable, Logger } from '@nestjs/common';
import { IntegrationsService } from '../integrations';
import { AccessTokenService } from '../oauth';

const BATCH = 500;
const MAX_BATCHES = 200;

/**
 * The sweep's healing step: an ENABLED integration whose connection is INVALID goes to ERROR, as if
 * the CREDENTIAL_INVALIDATED event it missed had arrived (a crash between commit and publish loses
 * an event; this makes that loss temporary). Bounded per run.
 */
@Injectable()
export class ReconcileIntegrationsUseCase {
  private readonly logger = new Logger(ReconcileIntegrationsUseCase.name);

  constructor(
    private readonly integrations: IntegrationsService,
    private readonly connections: AccessTokenService,
  ) {}

  async execute(): Promise<{ connectionsReconciled: number }> {
    let afterId: string | null = null;
    let reconciled = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const rows = await this.integrations.listEnabledWithConnections(afterId, BATCH);
      if (rows.length === 0) break;
      afterId = rows[rows.length - 1].id;
      const invalid = await this.connections.findInvalidConnections([
        ...new Set(rows.flatMap((row) => row.connectionIds)),
      ]);
      for (const { orgId, connectionId } of invalid) {
        await this.integrations.markIntegrationsErrored(
          orgId,
          connectionId,
          'connection is INVALID (reconciled by the sweep)',
        );
        this.logger.warn(
          { orgId, connectionId },
          'reconciled integrations of an INVALID connection to ERROR',
        );
        reconciled++;
      }
      if (rows.length < BATCH) break;
    }
    return { connectionsReconciled: reconciled };
  }
}
