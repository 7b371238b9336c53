import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config';
import { PlugboardError, RequestInvalidError } from '../../shared/errors';
import { GroupCommit } from '../../shared/group-commit';
import { ListQueryDto, Page, pageSize, toPage } from '../../shared/pagination';
import { DeliveriesService } from '../ingress';
import { IntegrationNotFoundError, IntegrationsService } from '../integrations';
import { AnswerInteractionRequestDto } from './dto/answer-interaction.request.dto';
import { CreateInteractionRequestDto } from './dto/create-interaction.request.dto';
import { InteractionResponseDto, toInteractionResponse } from './dto/interaction.response.dto';
import { PendingInteractionEntity } from './pending-interaction.entity';
import {
  AnswerNotStoredError,
  InteractionAlreadyClaimedError,
  InteractionIdInUseError,
  InteractionNotFoundError,
  InteractionPostFailedError,
} from './pending-interactions.errors';
import { InteractionScope, PendingInteractionsRepository } from './pending-interactions.repository';
import { answeredBlocks, questionBlocks } from './slack-blocks';
import { SlackChatClient } from './slack-chat.client';

export type ClaimOutcome = 'claimed' | 'already_claimed' | 'not_found';

/**
 * Batches of answers claimed at once, each one statement (claims and deliveries). A statement costs
 * PostgreSQL about as much for one answer as for three, so fewer, fuller batches serve more answers:
 * two in flight claimed 5-26 % more than four at 8 concurrent answers (bench/RESULTS.md notes,
 * "Two answer batches in flight").
 */
export const ANSWER_BATCHES_IN_FLIGHT = 2;

interface ClaimRequest {
  id: string;
  scope: InteractionScope;
  answer: string;
}

@Injectable()
export class PendingInteractionsService {
  private readonly logger = new Logger(PendingInteractionsService.name);
  /** Answers arriving while a claim is in flight are claimed together by the next statement. */
  private readonly claims: GroupCommit<ClaimRequest, PendingInteractionEntity | null>;

  constructor(
    private readonly interactions: PendingInteractionsRepository,
    private readonly slack: SlackChatClient,
    private readonly config: AppConfig,
    private readonly integrations: IntegrationsService,
    private readonly deliveries: DeliveriesService,
  ) {
    this.claims = new GroupCommit({
      maxInFlight: ANSWER_BATCHES_IN_FLIGHT,
      write: (batch) =>
        this.claimAndStoreAnswers(batch).catch((error: unknown) => {
          this.logger.warn(
            { err: error, answers: batch.length },
            'answers not stored; interactions still open',
          );
          throw new AnswerNotStoredError();
        }),
    });
  }

  private get ttlSeconds(): number {
    return this.config.interactions.ttlSeconds;
  }

  /**
   * Store (or refresh on retry), then post; a failed post removes the row so no phantom question
   * lingers. A connection with no chat API is refused before anything is stored or sent.
   */
  async createInteraction(
    orgId: string,
    input: CreateInteractionRequestDto,
  ): Promise<InteractionResponseDto> {
    if (!(await this.integrations.hasIntegration(orgId, input.integrationId)))
      throw new IntegrationNotFoundError();
    await this.slack.chatApiBaseUrl(orgId, input.connectionId);
    const scope: InteractionScope = {
      orgId,
      connectionId: input.connectionId,
      expectedUserId: input.expectedUserId,
    };
    const row = await this.interactions.upsertPending({
      ...scope,
      id: input.id,
      integrationId: input.integrationId,
      channel: input.channel,
      question: input.question,
      options: input.options,
      callbackUrl: input.callbackUrl ?? null,
    });
    if (!row) throw new InteractionIdInUseError();

    let failure: string;
    try {
      const posted = await this.slack.postMessage(orgId, input.connectionId, {
        channel: input.channel,
        text: input.question,
        blocks: questionBlocks(input.id, input.question, input.options),
      });
      if (posted.ok) {
        const channel = typeof posted.body.channel === 'string' ? posted.body.channel : input.channel;
        if (typeof posted.body.ts === 'string')
          await this.interactions.recordPostedMessage(orgId, input.id, channel, posted.body.ts);
        return toInteractionResponse(row, this.ttlSeconds);
      }
      failure = posted.error;
    } catch (error) {
      // the answer names a code, never an exception's text; the log keeps the detail
      failure = error instanceof PlugboardError ? error.code : 'INTERNAL.ERROR';
      this.logger.warn({ orgId, interactionId: input.id, err: error }, 'posting the question threw');
    }
    const deleted = await this.interactions.deletePending(input.id, scope);
    this.logger.warn(
      { orgId, interactionId: input.id, error: failure, deleted },
      'question not posted; pending row deleted',
    );
    throw new InteractionPostFailedError(failure);
  }

  async answerInteraction(
    orgId: string,
    id: string,
    input: AnswerInteractionRequestDto,
  ): Promise<{ claimed: true }> {
    const scope = { orgId, connectionId: input.connectionId, expectedUserId: input.userId };
    // the claim refuses an approval's unknown answer itself; only a refused claim reads the row to say why
    const outcome = await this.claim(id, scope, input.answer);
    if (outcome === 'claimed') return { claimed: true };
    await this.assertValidAnswer(orgId, id, input.answer);
    if (outcome === 'already_claimed') throw new InteractionAlreadyClaimedError();
    throw new InteractionNotFoundError();
  }

  /** An approval takes only its own options: an answer it does not name would decide nothing clearly. */
  private async assertValidAnswer(orgId: string, id: string, answer: string): Promise<void> {
    const row = await this.interactions.findForOrg(orgId, id);
    if (row?.kind === 'approval' && !row.options.includes(answer))
      throw new RequestInvalidError(`answer must be one of: ${row.options.join(', ')}`);
  }

  /**
   * A Slack button click that arrived through a Slack-signed integration of `orgId`. The click is
   * acknowledged by ingress whatever happens here; the outcome shows on the interaction.
   */
  async claimFromSlackClick(
    orgId: string,
    integrationId: string,
    click: { interactionId: string; userId: string; answer: string },
  ): Promise<ClaimOutcome> {
    const row = await this.interactions.findForOrg(orgId, click.interactionId);
    if (!row || row.integrationId !== integrationId) return 'not_found';
    return this.claim(
      click.interactionId,
      { orgId, connectionId: row.connectionId, expectedUserId: click.userId },
      click.answer,
    );
  }

  async getInteraction(orgId: string, id: string): Promise<InteractionResponseDto> {
    const row = await this.interactions.findForOrg(orgId, id);
    if (!row) throw new InteractionNotFoundError();
    return toInteractionResponse(row, this.ttlSeconds);
  }

  async listInteractions(orgId: string, query: ListQueryDto): Promise<Page<InteractionResponseDto>> {
    const limit = pageSize(query);
    const rows = await this.interactions.listPage(orgId, limit, query.cursor);
    return toPage(
      rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt) })),
      limit,
      (row) => toInteractionResponse(row, this.ttlSeconds),
    );
  }

  private async claim(id: string, scope: InteractionScope, answer: string): Promise<ClaimOutcome> {
    const claimed = await this.claims.submit({ id, scope, answer });
    if (!claimed) {
      return (await this.interactions.isClaimedInScope(id, scope, this.ttlSeconds))
        ? 'already_claimed'
        : 'not_found';
    }
    this.updateChatMessage(claimed);
    return 'claimed';
  }

  /**
   * A batch's claims and the deliveries of the answers they won are one statement: an answer is
   * never claimed without its delivery, and answers whose store failed leave their interactions
   * open. An approval's answer goes to the request held for it (woken by the claim's notification),
   * not to the agent's delivery URL.
   */
  private async claimAndStoreAnswers(batch: ClaimRequest[]): Promise<Array<PendingInteractionEntity | null>> {
    const won = await this.deliveries.storeEventsSelectedBy(batch.length, (insertAfter) =>
      this.interactions.claimPendingWithAnswers(batch, this.ttlSeconds, insertAfter),
    );
    const claimed: Array<PendingInteractionEntity | null> = batch.map(() => null);
    for (const { row, deliveryId } of won) {
      claimed[row.claimIndex] = row.interaction;
      this.logAnswered(row.interaction, row.interaction.kind === 'approval' ? undefined : deliveryId);
    }
    return claimed;
  }

  private logAnswered(row: PendingInteractionEntity, deliveryId: string | null | undefined): void {
    const fields = { orgId: row.organizationId, interactionId: row.id, kind: row.kind };
    if (deliveryId === null)
      this.logger.warn(
        { ...fields, integrationId: row.integrationId },
        'interaction answered; its integration is gone, nothing to deliver',
      );
    else this.logger.log({ ...fields, deliveryId }, 'interaction answered');
  }

  /** Cosmetics after the answer, which never waits for it (chat.update logs its own failure). */
  private updateChatMessage(row: PendingInteractionEntity): void {
    if (!row.messageChannel || !row.messageTs) return;
    void this.slack.updateMessage(row.organizationId, row.connectionId, {
      channel: row.messageChannel,
      ts: row.messageTs,
      text: `${row.question} — ${row.answer}`,
      blocks: answeredBlocks(row.question, row.answer ?? '', row.answeredBy ?? ''),
    });
  }
}
