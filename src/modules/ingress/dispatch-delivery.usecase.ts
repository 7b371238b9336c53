import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config';
import { GroupCommit } from '../../shared/group-commit';
import { parseRetryAfter } from '../../shared/retry-after';
import { OutboundHttp, UpstreamRefusedError, UpstreamTimeoutError } from '../../shared/outbound';
import { deliveryDispositionFor, DispatchTarget, IntegrationsService } from '../integrations';
import { ConversationsService } from './conversations.service';
import {
  ClaimedDelivery,
  DeliveriesRepository,
  DeliveryRef,
  DispatchOutcomeRow,
} from './deliveries.repository';
import { DeliveryStatus } from './delivery.entity';
import { namesConversations } from './conversation-key';
import { IngressMetrics } from './ingress.metrics';
import { readSnippet } from './response-snippet';
import { retryDelayMs as nextRetryDelayMs } from './retry-schedule';
import { INGRESS_EVENT_TYPE, pushedBody, signedDeliveryHeaders, signingSecrets } from './outgoing-delivery';

export type DispatchOutcome = 'delivered' | 'retry' | 'dead' | 'parked' | 'discarded' | 'skipped';

export interface DispatchResult {
  outcome: DispatchOutcome;
  /** For `retry`: when to try again and the counters the next job id derives from. */
  retry?: { delayMs: number; ref: DeliveryRef };
}

interface PostResult {
  ok: boolean;
  retryable: boolean;
  status: number | null;
  error: string | null;
  /** The receiver's Retry-After, in seconds, when it sent one. */
  retryAfterSeconds?: number;
  startedAt: Date;
  durationMs: number;
  /** The first KiB of the receiver's answer. */
  responseSnippet: string | null;
}

type RecordedOutcome = { attempts: number; redrives: number } | null;

const STATUS_OF: Record<Exclude<DispatchOutcome, 'skipped'>, DeliveryStatus> = {
  delivered: 'DELIVERED',
  retry: 'QUEUED',
  dead: 'DEAD',
  parked: 'PARKED',
  discarded: 'DISCARDED',
};

/**
 * One dispatch of one claimed delivery. The claim (one statement, possibly for many rows) leased
 * the row, counted the attempt and read the integration's status, URL and secret as they are now
 * (not at accept time); this POSTs it signed with Standard Webhooks and records the outcome with its
 * attempt log row. Outcomes finishing together are written by one statement (group commit), so a
 * dispatch costs the database at most two statements: its share of a claim and of an outcome
 * write. Never throws for an expected failure; the caller acts on the result.
 */
@Injectable()
export class DispatchDeliveryUseCase implements BeforeApplicationShutdown {
  private readonly logger = new Logger(DispatchDeliveryUseCase.name);
  private readonly outcomes: GroupCommit<DispatchOutcomeRow, RecordedOutcome>;
  /** Queue jobs' claims: the jobs a worker runs at once share one statement. */
  private readonly claims: GroupCommit<{ id: string; token: string }, ClaimedDelivery | null>;

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly integrations: IntegrationsService,
    private readonly conversations: ConversationsService,
    private readonly outbound: OutboundHttp,
    private readonly metrics: IngressMetrics,
    private readonly config: AppConfig,
  ) {
    this.outcomes = new GroupCommit<DispatchOutcomeRow, RecordedOutcome>({
      write: (rows) => this.deliveries.recordOutcomes(rows),
      // one statement at a time: PostgreSQL's cost is mostly per statement, not per row, so fuller
      // batches left it more of the cores for accepts (bench/RESULTS.md, "One outcome write in flight")
      maxInFlight: 1,
    });
    this.claims = new GroupCommit({
      write: (claims) => this.deliveries.claimForDispatch(claims, this.leaseMs),
    });
  }

  /** A consumer may hold a row this long: longer than one POST can take, short enough to recover a crash. */
  get leaseMs(): number {
    return this.config.delivery.timeoutMs * 2 + 5_000;
  }

  /** One delivery by id (a queue job): claimed under a new lease, then dispatched. */
  async execute(deliveryId: string): Promise<DispatchResult> {
    const token = randomUUID();
    const delivery = await this.claims.submit({ id: deliveryId, token });
    if (!delivery) return { outcome: 'skipped' };
    return this.dispatchClaimed(delivery, token, { singleAttempt: false });
  }

  /** Up to `limit` due deliveries, leased under `token`, for the dispatcher to hand to dispatchClaimed. */
  claimDue(limit: number, token: string): Promise<ClaimedDelivery[]> {
    return this.deliveries.claimDue(limit, token, this.leaseMs);
  }

  /** Rows leased at insert that were never POSTed, back to unleased with their attempt uncounted. */
  releaseUnstarted(rows: Array<{ id: string; token: string }>): Promise<void> {
    return this.deliveries.releaseUnstarted(rows);
  }

  /** `singleAttempt`: a redrive replays once and a failure returns the row to DEAD instead of retrying. */
  async dispatchClaimed(
    delivery: ClaimedDelivery,
    token: string,
    options: { singleAttempt: boolean },
  ): Promise<DispatchResult> {
    const target = this.integrations.toDispatchTarget(delivery);
    if (!target) return this.settle(delivery, token, 'discarded', 'integration no longer exists');
    const disposition = deliveryDispositionFor(target.status, target.onError);
    if (disposition === 'discard')
      return this.settle(delivery, token, 'discarded', `integration is ${target.status}`);
    if (disposition === 'park')
      return this.settle(delivery, token, 'parked', `integration is ${target.status}`);

    const conversationId =
      delivery.conversationId ??
      (delivery.eventType !== INGRESS_EVENT_TYPE || !namesConversations(target.plugin, target.config)
        ? null
        : await this.conversations.resolveConversation(
            delivery.organizationId,
            delivery.integrationId,
            target.plugin,
            JSON.parse(delivery.payloadJson) as unknown,
            target.config,
          ));
    const result = await this.post(delivery, target, conversationId);
    // the claim counted this POST already
    const roundAttempts = delivery.attempts - delivery.attemptBase;
    let outcome: DispatchOutcome;
    let retryDelayMs: number | null = null;
    if (result.ok) {
      outcome = 'delivered';
    } else if (
      result.retryable &&
      !options.singleAttempt &&
      roundAttempts < this.config.delivery.maxAttempts
    ) {
      outcome = 'retry';
      retryDelayMs = nextRetryDelayMs(
        roundAttempts,
        { backoffMs: this.config.delivery.backoffMs },
        result.retryAfterSeconds,
      );
    } else {
      outcome = 'dead';
    }
    const recorded = await this.record(delivery, token, outcome, {
      error: result.ok ? null : (result.error ?? 'failed'),
      responseStatus: result.status,
      retryDelayMs,
      conversationId,
      attempt: delivery.attempts,
      startedAt: result.startedAt,
      durationMs: result.durationMs,
      responseSnippet: result.responseSnippet,
    });
    if (!recorded) return { outcome: 'skipped' };
    const retry =
      outcome === 'retry' && retryDelayMs !== null
        ? { delayMs: retryDelayMs, ref: { id: delivery.id, ...recorded } }
        : undefined;
    return { outcome, retry };
  }

  /** Claims and outcomes still being written must land before the database pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.claims.drained();
    await this.outcomes.drained();
  }

  private async record(
    delivery: ClaimedDelivery,
    token: string,
    outcome: Exclude<DispatchOutcome, 'skipped'>,
    details: Pick<
      DispatchOutcomeRow,
      'error' | 'responseStatus' | 'retryDelayMs' | 'conversationId' | 'attempt'
    > &
      Partial<Pick<DispatchOutcomeRow, 'startedAt' | 'durationMs' | 'responseSnippet'>>,
  ): Promise<RecordedOutcome> {
    const recorded = await this.outcomes.submit({
      id: delivery.id,
      token,
      status: STATUS_OF[outcome],
      outcome,
      startedAt: null,
      durationMs: null,
      responseSnippet: null,
      ...details,
    });
    if (recorded) this.metrics.outcomes.inc({ outcome });
    return recorded;
  }

  private async settle(
    delivery: ClaimedDelivery,
    token: string,
    outcome: 'parked' | 'discarded',
    reason: string,
  ): Promise<DispatchResult> {
    const recorded = await this.record(delivery, token, outcome, {
      error: reason,
      responseStatus: null,
      retryDelayMs: null,
      conversationId: null,
      attempt: null,
    });
    if (!recorded) return { outcome: 'skipped' };
    if (outcome === 'parked') return this.unparkIfEnabledMeanwhile(delivery);
    return { outcome };
  }

  /**
   * The integration may have returned to ENABLED between the claim's status read and the park; its
   * INTEGRATION_STATUS_CHANGED listener then ran before the row was PARKED and missed it. Reading
   * the status again after parking closes that window: either we see ENABLED here, or the listener
   * runs after our park and finds the row.
   */
  private async unparkIfEnabledMeanwhile(delivery: ClaimedDelivery): Promise<DispatchResult> {
    const target = await this.integrations.getDispatchTarget(delivery.organizationId, delivery.integrationId);
    if (!target || deliveryDispositionFor(target.status, target.onError) !== 'deliver')
      return { outcome: 'parked' };
    const ref = await this.deliveries.unpark(delivery.id);
    return ref ? { outcome: 'retry', retry: { delayMs: 0, ref } } : { outcome: 'parked' };
  }

  private async post(
    delivery: ClaimedDelivery,
    target: DispatchTarget,
    conversationId: string | null,
  ): Promise<PostResult> {
    const body = pushedBody(delivery, conversationId);
    const url = delivery.targetUrl ?? target.deliveryUrl;
    const timeoutMs = this.config.delivery.timeoutMs;
    const startedAt = new Date();
    const started = performance.now();
    const timing = () => ({ startedAt, durationMs: Math.round(performance.now() - started) });
    if (url === null) {
      // a pull-mode row is never claimed for a POST; should one be, it must not vanish silently
      return {
        ok: false,
        retryable: false,
        status: null,
        error: 'no deliveryUrl: the integration pulls',
        responseSnippet: null,
        ...timing(),
      };
    }
    try {
      const response = await this.outbound.request({
        url,
        method: 'POST',
        headers: {
          ...signedDeliveryHeaders(delivery.id, body, signingSecrets(target)),
          'user-agent': 'plugboard-delivery',
        },
        body,
        timeouts: { connectMs: Math.min(5_000, timeoutMs), headersMs: timeoutMs, bodyMs: timeoutMs },
      });
      // a receiver that stalls mid-answer has said what it had to with its status
      const responseSnippet = await readSnippet(response.body).catch(() => null);
      if (response.status >= 200 && response.status < 300) {
        return {
          ok: true,
          retryable: false,
          status: response.status,
          error: null,
          responseSnippet,
          ...timing(),
        };
      }
      const retryable = response.status >= 500 || response.status === 429;
      return {
        ok: false,
        retryable,
        status: response.status,
        error: `receiver answered HTTP ${response.status}`,
        retryAfterSeconds: parseRetryAfter(response.headers['retry-after']),
        responseSnippet,
        ...timing(),
      };
    } catch (error) {
      if (error instanceof UpstreamRefusedError) {
        return {
          ok: false,
          retryable: false,
          status: null,
          error:
            'delivery URL refused (private address): set ALLOW_PRIVATE_UPSTREAMS=true for local development, or use `plugboard listen`',
          responseSnippet: null,
          ...timing(),
        };
      }
      const message = error instanceof UpstreamTimeoutError ? 'receiver timed out' : 'receiver unreachable';
      this.logger.debug({ deliveryId: delivery.id, err: error }, message);
      return { ok: false, retryable: true, status: null, error: message, responseSnippet: null, ...timing() };
    }
  }
}
