import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PlugboardError } from '../../shared/errors';
import { IntegrationNotFoundError, IntegrationsService } from '../integrations';
import { ApprovalOutcome, ApprovalQuestion, Approver } from '../secret-proxy';
import { ApprovalWaiters } from './approval-waiters';
import { PendingInteractionEntity } from './pending-interaction.entity';
import { InteractionPostFailedError } from './pending-interactions.errors';
import { PendingInteractionsRepository } from './pending-interactions.repository';
import {
  APPROVAL_OPTIONS,
  approvalBlocks,
  approvalText,
  APPROVE,
  closedApprovalBlocks,
} from './slack-blocks';
import { SlackChatClient } from './slack-chat.client';

/**
 * A lost notification only delays a decision: the holder also looks at its row this often. The
 * claim, not this look, decides, so a slow look never changes the outcome.
 */
const RECHECK_MS = 2_000;

/**
 * Approvals of held proxied requests, as pending interactions of kind `approval`: posted to the
 * approver with Approve / Deny buttons, answered like any interaction (a Slack click through
 * ingress, or POST …/answer), exactly one claim winning. The holder waits here for that claim;
 * when the time is up or its worker went away it claims the approval itself, so a late click finds
 * it decided and nothing is forwarded.
 */
@Injectable()
export class ApprovalsService implements Approver {
  private readonly logger = new Logger(ApprovalsService.name);

  constructor(
    private readonly interactions: PendingInteractionsRepository,
    private readonly slack: SlackChatClient,
    private readonly integrations: IntegrationsService,
    private readonly waiters: ApprovalWaiters,
  ) {}

  async checkTarget(orgId: string, target: { integrationId: string; connectionId: string }): Promise<void> {
    if (!(await this.integrations.hasIntegration(orgId, target.integrationId)))
      throw new IntegrationNotFoundError();
    await this.slack.chatApiBaseUrl(orgId, target.connectionId);
  }

  async ask(question: ApprovalQuestion): Promise<string> {
    const id = `approval-${randomUUID()}`;
    const scope = {
      orgId: question.orgId,
      connectionId: question.connectionId,
      expectedUserId: question.approverUserId,
    };
    await this.interactions.insertApproval({
      ...scope,
      id,
      integrationId: question.integrationId,
      channel: question.channel,
      question: approvalText(question),
      options: APPROVAL_OPTIONS,
      callbackUrl: null,
      timeoutSeconds: question.timeoutSeconds,
    });
    let failure: string;
    try {
      const posted = await this.slack.postMessage(question.orgId, question.connectionId, {
        channel: question.channel,
        text: approvalText(question),
        blocks: approvalBlocks(id, question),
      });
      if (posted.ok) {
        const channel = typeof posted.body.channel === 'string' ? posted.body.channel : question.channel;
        if (typeof posted.body.ts === 'string')
          await this.interactions.recordPostedMessage(question.orgId, id, channel, posted.body.ts);
        return id;
      }
      failure = posted.error;
    } catch (error) {
      failure = error instanceof PlugboardError ? error.code : 'INTERNAL.ERROR';
      this.logger.warn(
        { orgId: question.orgId, interactionId: id, err: error },
        'posting the approval threw',
      );
    }
    await this.interactions.deletePending(id, scope);
    this.logger.warn({ orgId: question.orgId, interactionId: id, error: failure }, 'approval not posted');
    throw new InteractionPostFailedError(failure);
  }

  async awaitDecision(
    orgId: string,
    interactionId: string,
    deadline: number,
    abandoned: AbortSignal,
  ): Promise<ApprovalOutcome> {
    // watching before the first look: a claim committed after it is never missed
    const watch = this.waiters.watch(orgId, interactionId);
    try {
      for (;;) {
        const row = await this.interactions.findForOrg(orgId, interactionId);
        if (!row) return { decision: 'timeout', answeredBy: null };
        if (row.claimedAt) return outcomeOf(row);
        if (abandoned.aborted) return await this.close(orgId, interactionId, 'abandoned');
        if (Date.now() >= deadline) return await this.close(orgId, interactionId, 'timeout');
        await watch.sleep(Math.min(deadline, Date.now() + RECHECK_MS), abandoned);
      }
    } finally {
      watch.close();
    }
  }

  /** The holder's own claim; when an answer won just before it, that answer decides. */
  private async close(
    orgId: string,
    interactionId: string,
    outcome: 'timeout' | 'abandoned',
  ): Promise<ApprovalOutcome> {
    const closed = await this.interactions.claimUnanswered(orgId, interactionId, outcome);
    if (!closed) {
      const row = await this.interactions.findForOrg(orgId, interactionId);
      return row?.claimedAt ? outcomeOf(row) : { decision: 'timeout', answeredBy: null };
    }
    this.logger.log({ orgId, interactionId, outcome }, 'approval closed unanswered');
    if (closed.messageChannel && closed.messageTs) {
      void this.slack.updateMessage(orgId, closed.connectionId, {
        channel: closed.messageChannel,
        ts: closed.messageTs,
        text: `${closed.question} — ${outcome}`,
        blocks: closedApprovalBlocks(closed.question, outcome),
      });
    }
    return { decision: outcome, answeredBy: null };
  }
}

/** Only an explicit Approve forwards; anything else a claim recorded sends nothing. */
function outcomeOf(row: PendingInteractionEntity): ApprovalOutcome {
  const answeredBy = row.answeredBy;
  if (row.answer === APPROVE) return { decision: 'approved', answeredBy };
  if (answeredBy === null && (row.answer === 'timeout' || row.answer === 'abandoned'))
    return { decision: row.answer, answeredBy };
  return { decision: 'denied', answeredBy };
}
