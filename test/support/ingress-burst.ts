import { randomUUID } from 'node:crypto';
import { seedIntegration, SeededOrg } from './seed';
import { WebhookReceiver } from './webhook-receiver';

export interface BurstResult {
  index: number;
  body: string;
  status: number | null; // null: connection error (refused, reset, timeout)
  deliveryId: string | null;
  errorCode: string | null;
}

export interface BurstOptions {
  /** base URL for request `index` (several processes, or one that changes over time) */
  target: (index: number) => string;
  path: string;
  count: number;
  clients: number;
  /** called after each answer; lets the test inject the fault at a given point */
  onAnswer?: (done: number) => void | Promise<void>;
  /** pause between one client's requests */
  pauseMs?: number;
  timeoutMs?: number;
}

/** A `none`-scheme integration delivering to the receiver; returns its ingress path. */
export async function burstIntegration(
  baseUrl: string,
  org: SeededOrg,
  receiver: WebhookReceiver,
): Promise<{ id: string; ingressPath: string; receiverPath: string }> {
  const receiverPath = `hooks-${randomUUID().slice(0, 8)}`;
  const integration = await seedIntegration(baseUrl, org, {
    deliveryUrl: receiver.url(receiverPath),
    ingress: { scheme: 'none' },
  });
  receiver.setSecret(receiverPath, integration.deliverySecret);
  return {
    id: integration.id,
    ingressPath: `/ingress/${integration.plugin}/${integration.instanceId}/events`,
    receiverPath,
  };
}

export async function postDelivery(baseUrl: string, path: string, body: string, timeoutMs = 10_000) {
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return {
      status: response.status,
      deliveryId: response.status < 300 ? ((json?.deliveryId as string) ?? null) : null,
      errorCode: (json?.error?.code as string) ?? null,
    };
  } catch {
    return { status: null, deliveryId: null, errorCode: null };
  }
}

/** `count` distinct bodies from `clients` concurrent clients; every answer is recorded. */
export async function ingressBurst(options: BurstOptions): Promise<BurstResult[]> {
  const run = randomUUID();
  const results: BurstResult[] = [];
  let next = 0;
  const client = async () => {
    for (;;) {
      const index = next++;
      if (index >= options.count) return;
      const body = JSON.stringify({ type: 'chaos.event', run, n: index });
      const answer = await postDelivery(options.target(index), options.path, body, options.timeoutMs);
      results.push({ index, body, ...answer });
      await options.onAnswer?.(results.length);
      if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  return results.sort((a, b) => a.index - b.index);
}

export const accepted = (results: BurstResult[]) =>
  results.filter((result) => result.status !== null && result.status >= 200 && result.status < 300);

/** Distinct webhook-ids the receiver got (verified) on one path. */
export const deliveredIds = (receiver: WebhookReceiver, receiverPath: string) =>
  new Set(
    receiver
      .forPath(receiverPath)
      .filter((delivery) => delivery.verified)
      .map((delivery) => delivery.webhookId),
  );

/**
 * A dependency outage in the middle of a burst: `trigger(done)` (pass it from `onAnswer`) stops the
 * service once `afterAnswers` requests were answered, keeps it down for `downMs`, then starts it.
 * `downAt`/`upAt` are -1 until they happen; await `finished()` after the burst.
 */
export function outageDuringBurst(options: {
  afterAnswers: number;
  downMs: number;
  stop: () => Promise<unknown>;
  start: () => Promise<unknown>;
}) {
  let outage: Promise<void> | undefined;
  const state = {
    downAt: -1,
    upAt: -1,
    get isDown(): boolean {
      return state.downAt > 0 && state.upAt < 0;
    },
    trigger(done: number): void {
      if (done !== options.afterAnswers || outage) return;
      outage = (async () => {
        await options.stop();
        state.downAt = Date.now();
        await new Promise((resolve) => setTimeout(resolve, options.downMs));
        await options.start();
        state.upAt = Date.now();
      })();
    },
    finished: (): Promise<void> => outage ?? Promise.resolve(),
  };
  return state;
}
