import { PlugboardApiError, PlugboardNetworkError } from '@plugboard/sdk';
import type { PullDeliveriesResult } from '@plugboard/sdk';
import { EXIT, UsageError } from '../cli-errors';
import { Command, numberOption, requiredOption } from '../command';
import { Output } from '../output';
import { sleep, stopSignal } from '../stop-signal';

type PulledItem = PullDeliveriesResult['items'][number];

/** A long poll of this long: a new delivery is forwarded within milliseconds, an idle listen costs little. */
const WAIT_SECONDS = 30;
const DEFAULT_LEASE_SECONDS = 60;
const DEFAULT_MAX = 10;
/** A local server that hangs must not hold a lease past its end: give up on it well before. */
const FORWARD_TIMEOUT_MS = 30_000;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 10_000;

export interface ForwardOutcome {
  deliveryId: string;
  /** The route for a provider's webhook, else the event type (interaction.answered…). */
  route: string;
  /** The local server's HTTP status; null when it could not be reached. */
  status: number | null;
  durationMs: number;
  acked: boolean;
  error?: string;
}

/**
 * POSTs one pulled delivery to the local server exactly as plugboard would push it: the body as the
 * compact JSON it was signed over and the Standard Webhooks headers it came with, signed by the
 * server with the integration's delivery secret, so the local server verifies it with the secret it
 * was given when the integration was created. The CLI never holds that secret.
 */
async function forward(
  target: string,
  item: PulledItem,
  signal: AbortSignal,
): Promise<Omit<ForwardOutcome, 'acked'>> {
  const body = item.body as { type?: string; route?: string };
  const route = body.type === 'ingress.delivery' && body.route ? body.route : (body.type ?? '?');
  const started = performance.now();
  const timing = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(target, {
      method: 'POST',
      headers: { ...item.headers, 'user-agent': 'plugboard-listen' },
      body: JSON.stringify(item.body),
      signal: AbortSignal.any([signal, AbortSignal.timeout(FORWARD_TIMEOUT_MS)]),
      redirect: 'manual',
    });
    await response.body?.cancel();
    return { deliveryId: item.deliveryId, route, status: response.status, durationMs: timing() };
  } catch (error) {
    const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return { deliveryId: item.deliveryId, route, status: null, durationMs: timing(), error: reason };
  }
}

function describeOutcome(outcome: ForwardOutcome): string {
  const status = outcome.status === null ? `unreachable (${outcome.error})` : String(outcome.status);
  const time = new Date().toISOString().slice(11, 19);
  const verdict = outcome.acked ? 'acked' : 'not acked: it comes back when its lease runs out';
  return `${time}  ${outcome.deliveryId}  ${outcome.route}  → ${status}  ${outcome.durationMs} ms  ${verdict}`;
}

function report(output: Output, outcome: ForwardOutcome): void {
  if (output.json) output.line(JSON.stringify(outcome));
  else output.line(describeOutcome(outcome));
}

function checkTarget(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError('--forward-to must be a URL, e.g. http://localhost:3999/hooks');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError('--forward-to must be an http:// or https:// URL');
  return url.toString();
}

export const listenCommand: Command = {
  path: ['listen'],
  summary: "Relay a pull-mode integration's deliveries to a local server, signed as a push; ack on 2xx",
  usage:
    '--integration <id> --forward-to http://localhost:PORT/path [--lease-seconds <5..600>] [--max <1..100>]',
  options: {
    integration: { type: 'string' },
    'forward-to': { type: 'string' },
    'lease-seconds': { type: 'string' },
    max: { type: 'string' },
  },
  async run({ output, values, client, orgId }) {
    const integrationId = requiredOption(values, 'integration');
    const target = checkTarget(requiredOption(values, 'forward-to'));
    const leaseSeconds = numberOption(values, 'lease-seconds') ?? DEFAULT_LEASE_SECONDS;
    const max = numberOption(values, 'max') ?? DEFAULT_MAX;
    const pb = client();
    const org = orgId();
    // Ctrl-C stops the loop; leases already taken are left to run out
    const stop = stopSignal();
    let forwarded = 0;
    let polled = false;
    let retryMs = RETRY_MIN_MS;
    if (!output.json)
      output.error(`Forwarding deliveries of integration ${integrationId} to ${target} (Ctrl-C stops)`);
    try {
      while (!stop.signal.aborted) {
        let items: PulledItem[];
        try {
          const answer = await pb.deliveries.pull(
            { orgId: org, id: integrationId, body: { waitSeconds: WAIT_SECONDS, leaseSeconds, max } },
            { signal: stop.signal },
          );
          items = answer.items;
          polled = true;
          retryMs = RETRY_MIN_MS;
        } catch (error) {
          if (stop.signal.aborted) break;
          // plugboard restarting under a dev loop: keep trying once it answered at least once
          if (!polled || !(error instanceof PlugboardNetworkError || isUnavailable(error))) throw error;
          output.error(`plugboard did not answer; trying again in ${retryMs / 1000} s`);
          await sleep(retryMs, stop.signal);
          retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
          continue;
        }
        for (const item of items) {
          // a delivery not forwarded yet keeps its lease and comes back: nothing is acked unseen
          if (stop.signal.aborted) break;
          const outcome = await forward(target, item, stop.signal);
          // stopped while forwarding: the delivery keeps its lease, unacked, and comes back
          if (stop.signal.aborted && outcome.status === null) break;
          const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
          let acked = false;
          if (ok) {
            const answer = await pb.deliveries.ack({
              orgId: org,
              id: integrationId,
              body: { leaseIds: [item.leaseId] },
            });
            acked = answer.acked === 1;
            forwarded += 1;
          }
          report(output, { ...outcome, acked });
        }
      }
    } finally {
      stop.dispose();
    }
    if (!output.json)
      output.error(
        `Stopped after ${forwarded} deliver${forwarded === 1 ? 'y' : 'ies'} forwarded; leases not acked run out and come back.`,
      );
    return EXIT.ok;
  },
};

function isUnavailable(error: unknown): boolean {
  return (
    error instanceof PlugboardApiError &&
    (error.status === 502 || error.status === 503 || error.status === 504)
  );
}
