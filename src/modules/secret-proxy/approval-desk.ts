import { Injectable } from '@nestjs/common';
import { ServiceUnavailableError } from '../../shared/errors';

/** What the approver is shown about a held request: never a query value or the whole body. */
export interface ApprovalQuestion {
  orgId: string;
  integrationId: string;
  connectionId: string;
  channel: string;
  approverUserId: string;
  timeoutSeconds: number;
  agentId: string;
  agentName: string;
  method: string;
  /** The proxied path without the query. */
  path: string;
  queryKeys: string[];
  bodyBytes: number;
  bodySha256: string;
  /** The start of the body as text, already cut short. */
  bodyPreview: string;
}

/**
 * How a held request ends: the one winning claim decides. `timeout` and `abandoned` are claims the
 * holder makes itself (no answer in time; the worker went away), so a later click finds the
 * approval already decided and forwards nothing.
 */
export type ApprovalDecision = 'approved' | 'denied' | 'timeout' | 'abandoned';

export interface ApprovalOutcome {
  decision: ApprovalDecision;
  /** The approver who answered; null when plugboard closed the approval itself. */
  answeredBy: string | null;
}

/** The side that asks people and records their answers (the pending-interactions module). */
export interface Approver {
  /** The integration and connection exist in the org and can post to a chat (404/400 otherwise). */
  checkTarget(orgId: string, target: { integrationId: string; connectionId: string }): Promise<void>;
  /** Stores the approval and posts it; answers its interaction id, or throws when posting failed. */
  ask(question: ApprovalQuestion): Promise<string>;
  /**
   * Waits, holding no database connection, until the approval is claimed; at `deadline` or when
   * `abandoned` fires it claims the approval itself (`timeout` / `abandoned`). Whoever won decides.
   */
  awaitDecision(
    orgId: string,
    interactionId: string,
    deadline: number,
    abandoned: AbortSignal,
  ): Promise<ApprovalOutcome>;
}

/**
 * The secret proxy's port to the approver. The pending-interactions module attaches itself at
 * start-up (it depends on this module, never the other way round), as modules register their sweep
 * targets.
 */
@Injectable()
export class ApprovalDesk {
  private approver?: Approver;

  attach(approver: Approver): void {
    this.approver = approver;
  }

  get current(): Approver {
    if (!this.approver) throw new ApprovalsUnavailableError();
    return this.approver;
  }
}

class ApprovalsUnavailableError extends ServiceUnavailableError {
  constructor() {
    super('SECRET_PROXY.APPROVALS_UNAVAILABLE', 'Approvals cannot be asked in this process');
  }
}
