import * as path from 'node:path';
import { availableCores } from './available-cores';
import { EnvSchema } from './env.schema';

/** Typed groups over the validated environment; injected as a provider everywhere. */
export class AppConfig {
  readonly port: number;
  readonly workerPort: number;
  readonly dataDir: string;
  readonly logLevel: EnvSchema['LOG_LEVEL'];
  readonly logFormat: NonNullable<EnvSchema['LOG_FORMAT']>;
  readonly processRole: EnvSchema['PROCESS_ROLE'];
  /** Processes `dist/main.js` (or `dist/worker.js`) runs on its port; 1: no cluster. */
  readonly processes: number;
  readonly database: { url?: string; listenUrl?: string };
  readonly redis: { url?: string; queuePrefix: string };
  readonly auth: { adminApiKey?: string };
  readonly crypto: { encryptionKeys?: string };
  readonly publicUrl: string;
  readonly outbound: { allowPrivateUpstreams: boolean };
  readonly ingress: { maxBodyBytes: number };
  /** `backoffMs` undefined: the default retry schedule (retry-schedule.ts). */
  readonly delivery: {
    maxAttempts: number;
    backoffMs: number | undefined;
    timeoutMs: number;
    secretOverlapSeconds: number;
  };
  readonly oauth: {
    terminalFailureTtlSeconds: number;
    refreshSkewSeconds: number;
    proactiveRefreshIntervalSeconds: number;
  };
  readonly maintenance: {
    sweepIntervalSeconds: number;
    sweepBatchSize: number;
    sweepMaxBatchesPerRun: number;
    /** After each full batch the sweep waits this share of the batch's time, so it never holds a core. */
    sweepPausePercent: number;
    deliveryRetentionHours: number;
    parkedRetentionHours: number;
  };
  readonly interactions: { ttlSeconds: number };
  readonly audit: { retentionDays: number };
  /** Per minute; 0 turns a limit off. */
  readonly rateLimits: { apiPerMinute: number; proxyPerMinute: number; rejectedPerMinute: number };
  readonly http: { requestTimeoutMs: number; trustProxy: boolean | number | string[] };

  constructor(env: EnvSchema, context: { stdoutIsTerminal: boolean } = { stdoutIsTerminal: false }) {
    this.port = env.PORT;
    this.workerPort = env.WORKER_PORT;
    this.dataDir = path.resolve(env.DATA_DIR);
    this.logLevel = env.LOG_LEVEL;
    this.logFormat = env.LOG_FORMAT ?? (context.stdoutIsTerminal ? 'pretty' : 'json');
    this.processRole = env.PROCESS_ROLE;
    this.processes = env.PROCESSES === 'auto' ? availableCores() : Number(env.PROCESSES);
    this.database = { url: env.DATABASE_URL, listenUrl: env.DATABASE_LISTEN_URL };
    this.redis = { url: env.REDIS_URL, queuePrefix: env.QUEUE_PREFIX };
    this.auth = { adminApiKey: env.ADMIN_API_KEY };
    this.crypto = { encryptionKeys: env.ENCRYPTION_KEYS };
    this.publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
    this.outbound = { allowPrivateUpstreams: env.ALLOW_PRIVATE_UPSTREAMS };
    this.ingress = { maxBodyBytes: env.INGRESS_MAX_BODY_BYTES };
    this.delivery = {
      maxAttempts: env.DELIVERY_MAX_ATTEMPTS,
      backoffMs: env.DELIVERY_BACKOFF_MS,
      timeoutMs: env.DELIVERY_TIMEOUT_MS,
      secretOverlapSeconds: env.DELIVERY_SECRET_OVERLAP_SECONDS,
    };
    this.oauth = {
      terminalFailureTtlSeconds: env.TERMINAL_REFRESH_FAILURE_TTL_SECONDS,
      refreshSkewSeconds: env.REFRESH_SKEW_SECONDS,
      proactiveRefreshIntervalSeconds: env.PROACTIVE_REFRESH_INTERVAL_SECONDS,
    };
    this.maintenance = {
      sweepIntervalSeconds: env.SWEEP_INTERVAL_SECONDS,
      sweepBatchSize: env.SWEEP_BATCH_SIZE,
      sweepMaxBatchesPerRun: env.SWEEP_MAX_BATCHES_PER_RUN,
      sweepPausePercent: env.SWEEP_PAUSE_PERCENT,
      deliveryRetentionHours: env.DELIVERY_RETENTION_HOURS,
      parkedRetentionHours: env.PARKED_RETENTION_HOURS,
    };
    this.interactions = { ttlSeconds: env.PENDING_INTERACTION_TTL_SECONDS };
    this.audit = { retentionDays: env.AUDIT_RETENTION_DAYS };
    this.rateLimits = {
      apiPerMinute: env.RATE_LIMIT_API_PER_MINUTE,
      proxyPerMinute: env.RATE_LIMIT_PROXY_PER_MINUTE,
      rejectedPerMinute: env.RATE_LIMIT_REJECTED_PER_MINUTE,
    };
    this.http = { requestTimeoutMs: env.REQUEST_TIMEOUT_MS, trustProxy: trustProxyOf(env.TRUST_PROXY) };
  }

  /** A copy with values only known at start-up: the embedded database URL, generated dev keys. */
  with(patch: {
    databaseUrl?: string;
    adminApiKey?: string;
    encryptionKeys?: string;
    processRole?: AppConfig['processRole'];
  }): AppConfig {
    const copy = Object.assign(Object.create(AppConfig.prototype) as AppConfig, this);
    return Object.assign(copy, {
      processRole: patch.processRole ?? this.processRole,
      database: { url: patch.databaseUrl ?? this.database.url, listenUrl: this.database.listenUrl },
      auth: { adminApiKey: patch.adminApiKey ?? this.auth.adminApiKey },
      crypto: { encryptionKeys: patch.encryptionKeys ?? this.crypto.encryptionKeys },
    });
  }
}

/** Fastify's trustProxy: false (unset), true, a hop count, or a list of addresses/CIDRs. */
function trustProxyOf(value: string | undefined): boolean | number | string[] {
  if (!value) return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((entry) => entry.trim());
}
