import cluster from 'node:cluster';
import { AggregatorRegistry, Registry } from 'prom-client';

/** IPC message types between the primary of `PROCESSES=N` and its processes (see process-cluster.ts). */
export const METRICS_REQUEST = 'plugboard:metrics-request';
export const METRICS_ANSWER = 'plugboard:metrics';

/** How long a scrape waits for the primary's sum over every process. */
const ANSWER_TIMEOUT_MS = 10_000;

type Answer = { type?: string; id?: number; text?: string; error?: string };

let nextId = 0;

/**
 * In a process of a cluster, a scrape must see every process's counters, not the one whose
 * connection it landed on: this process's registry is made the one prom-client reports to the
 * primary, and `render()` asks the primary for the sum (prom-client's AggregatorRegistry).
 * Outside a cluster (and in tests, which boot apps in one process) it reports its own registry.
 */
export function clusterAwareRender(registry: Registry): () => Promise<string> {
  if (!cluster.isWorker) return () => registry.metrics();
  AggregatorRegistry.setRegistries([registry]);
  // constructing it is what makes this process answer the primary's collection requests
  new AggregatorRegistry();
  return () => askPrimary();
}

function askPrimary(): Promise<string> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error('the primary did not answer with the metrics')),
      ANSWER_TIMEOUT_MS,
    );
    const onMessage = (message: Answer) => {
      if (message?.type !== METRICS_ANSWER || message.id !== id) return;
      finish(message.error === undefined ? undefined : new Error(message.error), message.text ?? '');
    };
    const finish = (error?: Error, text = '') => {
      clearTimeout(timer);
      process.off('message', onMessage);
      if (error) reject(error);
      else resolve(text);
    };
    process.on('message', onMessage);
    process.send?.({ type: METRICS_REQUEST, id });
  });
}
