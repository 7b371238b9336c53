import cluster, { Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { METRICS_ANSWER, METRICS_REQUEST } from './shared/cluster-metrics';

/**
 * `PROCESSES=N`: the first process (the primary) prepares what is shared — configuration, the
 * embedded database, migrations — then runs N plugboard processes (cluster workers) that listen on
 * the same port and split its connections between them. Each one is a whole plugboard on the same
 * database, as separate replicas are: caches kept true by the change channel, leases and advisory
 * locks for the work only one may do. The primary serves nothing itself; it restarts a process that
 * dies, aggregates `/metrics`, and stops them all on SIGTERM/SIGINT.
 */

/** A process's message to the primary once it listens (IPC). */
const READY = 'plugboard:ready';

/** Restarts allowed within RESTART_WINDOW_MS before the primary gives up (a crash loop). */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
/** How long a stopping process gets to finish its requests before it is killed. */
const STOP_GRACE_MS = 30_000;

type Message = { type?: string; id?: number };

export interface ClusterOptions {
  processes: number;
  /** Extra environment for every process (the embedded database's URL). */
  env: Record<string, string>;
  say: (message: string) => void;
}

/**
 * Starts the processes and resolves once every one is listening; rejects when one fails before it
 * was (its error is on stderr), after stopping the others. `stop()` stops them all.
 */
export async function startCluster(options: ClusterOptions): Promise<{ stop: () => Promise<void> }> {
  // SCHED_NONE: every process accepts on the shared socket itself. The default (round-robin in
  // the primary) would pass each connection through the primary, one more hop per connection.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const aggregator = new AggregatorRegistry();
  let stopping = false;
  const restarts: number[] = [];

  const answerMetrics = (worker: Worker, message: Message): void => {
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: METRICS_ANSWER, id: message.id, text }),
      (error: Error) => worker.send({ type: METRICS_ANSWER, id: message.id, error: error.message }),
    );
  };
  const fork = (): Worker => {
    const worker = cluster.fork(options.env);
    worker.on('message', (message: Message) => {
      if (message?.type === METRICS_REQUEST) answerMetrics(worker, message);
    });
    return worker;
  };

  const stop = async (): Promise<void> => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => !!worker);
    await Promise.all(workers.map((worker) => stopWorker(worker)));
  };

  const first = Array.from({ length: options.processes }, fork);
  try {
    await Promise.all(first.map((worker) => readyOrExit(worker)));
  } catch (error) {
    await stop();
    throw error;
  }

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && restarts[0] < now - RESTART_WINDOW_MS) restarts.shift();
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (restarts.length > MAX_RESTARTS) {
      options.say(
        `plugboard process ${worker.process.pid} exited (${how}); ${restarts.length} exits within a minute, stopping all`,
      );
      void stop().then(() => process.exit(1));
      return;
    }
    options.say(`plugboard process ${worker.process.pid} exited (${how}); starting another`);
    fork();
  });
  return { stop };
}

function readyOrExit(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Message) => {
      if (message?.type !== READY) return;
      worker.off('exit', onExit);
      resolve();
    };
    const onExit = (code: number | null, signal: string | null) => {
      worker.off('message', onMessage);
      reject(new Error(`process ${worker.process.pid} exited during start-up (${signal ?? `code ${code}`})`));
    };
    worker.on('message', onMessage);
    worker.once('exit', onExit);
  });
}

/** SIGTERM (the process closes its server and finishes what it holds), SIGKILL after the grace. */
function stopWorker(worker: Worker): Promise<void> {
  if (worker.isDead()) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => worker.process.kill('SIGKILL'), STOP_GRACE_MS);
    worker.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    worker.process.kill('SIGTERM');
  });
}

/** In a cluster process: tells the primary this one listens. */
export function announceReady(): void {
  if (cluster.isWorker) process.send?.({ type: READY });
}

/** In a cluster process: stop when the primary is gone (killed hard), rather than live on orphaned. */
export function followPrimary(stop: () => void): void {
  if (cluster.isWorker) process.once('disconnect', stop);
}

/** True in a process the primary started. */
export const isClusterProcess = (): boolean => cluster.isWorker;
