import 'reflect-metadata';
import { bootstrap } from './bootstrap';

/** `node dist/worker.js`: queue consumers and the scheduler only; /health and /metrics on WORKER_PORT. */
void bootstrap('worker');
