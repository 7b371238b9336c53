import { Injectable, Logger } from '@nestjs/common';
import { IntegrationsService, IntegrationWithConnections } from '../integrations';
import { AccessTokenService, ReauthorizedConnection } from '../oauth';

const BATCH = 500;
const MAX_BATCHES = 200;
// REAUTH_SUCCEEDED's own listener acts within milliseconds of the reconnect's commit; the sweep
// leaves it this long so that it never races it
const REAUTH_SETTLED_SECONDS = 60;

export interface ReconcileReport {
  /** INVALID connections whose ENABLED integrations went to ERROR. */
  connectionsReconciled: number;
  /** ERROR or DISABLED integrations restored to ENABLED after their connection's re-auth. */
  integrationsRestored: number;
}

/**
 * The sweep's healing step, as if a lost credential event had arrived (a crash between commit and
 * publish, or a failed listener, loses one; this makes that loss temporary), bounded per run:
 * an ENABLED integration whose connection is INVALID goes to ERROR (CREDENTIAL_INVALIDATED), and an
 * ERROR or DISABLED one whose connection was re-authorized after its status was set goes back to
 * ENABLED (REAUTH_SUCCEEDED).
 */
@Injectable()
export class ReconcileIntegrationsUseCase {
  private readonly logger = new Logger(ReconcileIntegrationsUseCase.name);

  constructor(
    private readonly integrations: IntegrationsService,
    private readonly connections: AccessTokenService,
  ) {}

  async execute(): Promise<ReconcileReport> {
    return {
      connectionsReconciled: await this.erroredForInvalidConnections(),
      integrationsRestored: await this.restoredAfterReauth(),
    };
  }

  private async erroredForInvalidConnections(): Promise<number> {
    let reconciled = 0;
    for await (const rows of this.pages((afterId) =>
      this.integrations.listEnabledWithConnections(afterId, BATCH),
    )) {
      const invalid = await this.connections.findInvalidConnections(connectionIdsOf(rows));
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
    }
    return reconciled;
  }

  private async restoredAfterReauth(): Promise<number> {
    let restored = 0;
    for await (const rows of this.pages((afterId) =>
      this.integrations.listRestorableByReauth(afterId, BATCH),
    )) {
      const connectionIds = connectionIdsOf(rows);
      const reauthorized = new Map(
        (await this.connections.findReauthorizedConnections(connectionIds, REAUTH_SETTLED_SECONDS)).map(
          (connection) => [connection.connectionId, connection],
        ),
      );
      if (reauthorized.size === 0) continue;
      // one still INVALID among its connections keeps it in ERROR (the step above would send it back)
      const invalid = new Set(
        (await this.connections.findInvalidConnections(connectionIds)).map(
          ({ connectionId }) => connectionId,
        ),
      );
      for (const integration of rows) {
        if (integration.connectionIds.some((id) => invalid.has(id))) continue;
        const reauth = latestReauthOf(integration, reauthorized);
        if (!reauth || reauth.reauthorizedAt <= integration.statusChangedAt) continue;
        const moved = await this.integrations.restoreAfterLostReauth(
          integration.orgId,
          integration.id,
          reauth.connectionId,
          reauth.reauthorizedAt,
        );
        if (moved) restored++;
      }
    }
    return restored;
  }

  /** Keyset pages by id, at most MAX_BATCHES per run. */
  private async *pages<T extends { id: string }>(
    read: (afterId: string | null) => Promise<T[]>,
  ): AsyncGenerator<T[]> {
    let afterId: string | null = null;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const rows = await read(afterId);
      if (rows.length === 0) return;
      afterId = rows[rows.length - 1].id;
      yield rows;
      if (rows.length < BATCH) return;
    }
  }
}

function connectionIdsOf(rows: Array<{ connectionIds: string[] }>): string[] {
  return [...new Set(rows.flatMap((row) => row.connectionIds))];
}

/** The latest re-auth among the integration's connections (of its own org), if any. */
function latestReauthOf(
  integration: IntegrationWithConnections,
  reauthorized: Map<string, ReauthorizedConnection>,
): ReauthorizedConnection | undefined {
  let latest: ReauthorizedConnection | undefined;
  for (const id of integration.connectionIds) {
    const connection = reauthorized.get(id);
    if (connection?.orgId !== integration.orgId) continue;
    if (!latest || connection.reauthorizedAt > latest.reauthorizedAt) latest = connection;
  }
  return latest;
}
