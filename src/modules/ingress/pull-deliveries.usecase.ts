import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config';
import {
  deliveryDispositionFor,
  IntegrationDescription,
  IntegrationNotFoundError,
  IntegrationsService,
} from '../integrations';
import { ConversationsService } from './conversations.service';
import { DeliveriesRepository, LeasedDelivery } from './deliveries.repository';
import { PullDeliveriesRequestDto, PULL_DEFAULTS } from './dto/pull-deliveries.request.dto';
import { PulledDeliveryDto } from './dto/pulled-delivery.response.dto';
import { IngressMetrics } from './ingress.metrics';
import { IntegrationNotDeliverableError, NotPullModeError, PullForbiddenError } from './ingress.errors';
import { INGRESS_EVENT_TYPE, pulledBody, signedDeliveryHeaders, signingSecrets } from './outgoing-delivery';
import { PullWaiters } from './pull-waiters';

/** Who pulls: an org or operator key, or a worker token of one of the org's agents. */
export type PullCaller = { kind: 'key' } | { kind: 'worker'; agentId: string };

/** A lease that runs out is noticed this long after, so the row is surely free when the waiter claims. */
const LEASE_EXPIRY_MARGIN_MS = 20;
/** While the change channel is down other processes' deliveries go unheard: look this often instead. */
const UNHEARD_RECHECK_MS = 1_000;

/**
 * A pull: the integration's waiting deliveries, each under a lease (at least once: a lease that
 * runs out unacked makes the delivery pullable again with the same deliveryId, until
 * DELIVERY_MAX_ATTEMPTS leases dead-letter it). With `waitSeconds`, a pull that finds nothing waits
 * in memory (no database connection held) until a delivery is announced, a lease runs out, the
 * time is up or the client leaves. Each item carries the body a push would POST and the Standard
 * Webhooks headers it would carry, signed by the delivery secret(s).
 */
@Injectable()
export class PullDeliveriesUseCase {
  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly integrations: IntegrationsService,
    private readonly conversations: ConversationsService,
    private readonly waiters: PullWaiters,
    private readonly metrics: IngressMetrics,
    private readonly config: AppConfig,
  ) {}

  async execute(
    orgId: string,
    integrationId: string,
    caller: PullCaller,
    input: PullDeliveriesRequestDto,
    signal?: AbortSignal,
  ): Promise<PulledDeliveryDto[]> {
    await this.assertMayPull(orgId, integrationId, caller);
    const max = input.max ?? PULL_DEFAULTS.max;
    const leaseMs = (input.leaseSeconds ?? PULL_DEFAULTS.leaseSeconds) * 1000;
    const deadline = Date.now() + (input.waitSeconds ?? PULL_DEFAULTS.waitSeconds) * 1000;
    for (;;) {
      const seen = this.waiters.generation(integrationId);
      const { leased, nextLeaseExpiry } = await this.deliveries.leasePullable(
        orgId,
        integrationId,
        max,
        leaseMs,
        this.config.delivery.maxAttempts,
      );
      if (leased.length > 0) {
        // a full batch may have left more behind for the next waiter
        if (leased.length === max) this.waiters.handOn(integrationId);
        return this.toItems(leased);
      }
      if (Date.now() >= deadline || signal?.aborted) return [];
      // announced while the claim ran: it may have missed that delivery, so look again now
      if (this.waiters.generation(integrationId) !== seen) continue;
      const until = Math.min(
        deadline,
        nextLeaseExpiry ? nextLeaseExpiry.getTime() + LEASE_EXPIRY_MARGIN_MS : Infinity,
        this.waiters.channelIsLive ? Infinity : Date.now() + UNHEARD_RECHECK_MS,
      );
      const woken = await this.waiters.wait(integrationId, until, signal);
      if (signal?.aborted) {
        // the wake meant for this pull must not be lost with it
        if (woken) this.waiters.handOn(integrationId);
        return [];
      }
    }
  }

  /** Marks the leases' deliveries DELIVERED; answers how many are acked (repeats included). */
  async ack(orgId: string, integrationId: string, caller: PullCaller, leaseIds: string[]): Promise<number> {
    await this.assertMayPull(orgId, integrationId, caller, { ack: true });
    const { acked, newlyAcked } = await this.deliveries.ackLeases(orgId, integrationId, [
      ...new Set(leaseIds.map((id) => id.toLowerCase())),
    ]);
    if (newlyAcked > 0) this.metrics.outcomes.inc({ outcome: 'delivered' }, newlyAcked);
    return acked;
  }

  private async assertMayPull(
    orgId: string,
    integrationId: string,
    caller: PullCaller,
    options: { ack?: boolean } = {},
  ): Promise<IntegrationDescription> {
    const integration = await this.integrations.describeIntegration(orgId, integrationId);
    if (!integration) throw new IntegrationNotFoundError();
    if (caller.kind === 'worker' && !integration.pullAgentIds.includes(caller.agentId))
      throw new PullForbiddenError();
    if (integration.deliveryMode !== 'pull') throw new NotPullModeError();
    // an ack of work already done is taken whatever the status; new work is not handed out
    if (!options.ack && deliveryDispositionFor(integration.status, integration.onError) !== 'deliver')
      throw new IntegrationNotDeliverableError(integration.status);
    return integration;
  }

  private async toItems(leased: LeasedDelivery[]): Promise<PulledDeliveryDto[]> {
    const resolved: Array<{ id: string; conversationId: string }> = [];
    const items: PulledDeliveryDto[] = [];
    for (const delivery of leased) {
      const target = this.integrations.toDispatchTarget(delivery);
      if (!target) continue; // deleted since the claim: its rows go with it
      const conversationId =
        delivery.conversationId ??
        (delivery.eventType !== INGRESS_EVENT_TYPE
          ? null
          : await this.conversations.resolveConversation(
              delivery.organizationId,
              delivery.integrationId,
              target.plugin,
              delivery.payload,
              target.config,
            ));
      if (conversationId && !delivery.conversationId) resolved.push({ id: delivery.id, conversationId });
      const body = pulledBody(delivery, conversationId);
      items.push({
        deliveryId: delivery.id,
        leaseId: delivery.leaseToken,
        leaseExpiresAt: new Date(delivery.leaseUntil).toISOString(),
        body,
        headers: signedDeliveryHeaders(delivery.id, JSON.stringify(body), signingSecrets(target)),
      });
    }
    await this.deliveries.setConversations(resolved);
    return items;
  }
}
