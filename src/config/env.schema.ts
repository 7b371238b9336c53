import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const PROCESS_ROLES = ['all', 'api', 'worker'] as const;
export const LOG_FORMATS = ['json', 'pretty'] as const;

/** One field per variable of the README's "Configuration" table; defaults live here and nowhere else. */
export class EnvSchema {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) WORKER_PORT = 3001;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** A session-mode connection for the change channel's LISTEN (transaction-pooling PgBouncer drops it). */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_LISTEN_URL?: string;

  @IsString() @MinLength(1) DATA_DIR = './.data';

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  ADMIN_API_KEY?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+)*$/, {
    message: 'must be kid1:base64key[,kid2:base64key…]',
  })
  ENCRYPTION_KEYS?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_URL?: string;

  @Transform(toBoolean) @IsBoolean() ALLOW_PRIVATE_UPSTREAMS = false;

  @Transform(toInt) @IsInt() @Min(1) INGRESS_MAX_BODY_BYTES = 1048576;
  @Transform(toInt) @IsInt() @Min(1) SWEEP_INTERVAL_SECONDS = 300;
  @Transform(toInt) @IsInt() @Min(1) @Max(100_000) SWEEP_BATCH_SIZE = 1000;
  @Transform(toInt) @IsInt() @Min(1) SWEEP_MAX_BATCHES_PER_RUN = 20;
  @Transform(toInt) @IsInt() @Min(0) @Max(10_000) SWEEP_PAUSE_PERCENT = 100;
  @Transform(toInt) @IsInt() @Min(1) DELIVERY_RETENTION_HOURS = 168;
  @Transform(toInt) @IsInt() @Min(1) PARKED_RETENTION_HOURS = 72;
  @Transform(toInt) @IsInt() @Min(1) PENDING_INTERACTION_TTL_SECONDS = 86400;
  @Transform(toInt) @IsInt() @Min(1) TERMINAL_REFRESH_FAILURE_TTL_SECONDS = 3600;
  /** Audit entries older than this many days are removed by the global sweep. */
  @Transform(toInt) @IsInt() @Min(1) AUDIT_RETENTION_DAYS = 30;
  @Transform(toInt) @IsInt() @Min(1) REFRESH_SKEW_SECONDS = 300;
  @Transform(toInt) @IsInt() @Min(1) PROACTIVE_REFRESH_INTERVAL_SECONDS = 60;
  @Transform(toInt) @IsInt() @Min(1) DELIVERY_MAX_ATTEMPTS = 8;
  /** Unset: the default retry schedule (5 s … 10 h, jittered); set: exponential from this many ms. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) DELIVERY_BACKOFF_MS?: number;
  @Transform(toInt) @IsInt() @Min(1) DELIVERY_TIMEOUT_MS = 10000;
  /** After a delivery-secret rotation, deliveries are signed by the old secret too for this long. */
  @Transform(toInt) @IsInt() @Min(1) DELIVERY_SECRET_OVERLAP_SECONDS = 86400;

  /** Requests per API key per minute on /v1 (0 = off). */
  @Transform(toInt) @IsInt() @Min(0) RATE_LIMIT_API_PER_MINUTE = 6000;
  /** Requests per worker token per minute on /proxy (0 = off). */
  @Transform(toInt) @IsInt() @Min(0) RATE_LIMIT_PROXY_PER_MINUTE = 0;
  /** Requests per client IP per minute answered 401 or 404 before every request of it gets 429 (0 = off). */
  @Transform(toInt) @IsInt() @Min(0) RATE_LIMIT_REJECTED_PER_MINUTE = 600;
  /**
   * Which proxies in front of plugboard to believe about the client's address (X-Forwarded-For):
   * `true` (all), a hop count, or comma-separated addresses/CIDRs. Unset: none, the peer is the client.
   */
  @IsOptional()
  @Matches(/^(true|\d{1,2}|[0-9A-Fa-f.:/]+(,\s*[0-9A-Fa-f.:/]+)*)$/, {
    message: 'must be true, a hop count, or comma-separated addresses/CIDRs',
  })
  TRUST_PROXY?: string;

  /** A client must have sent its whole request (headers and body) within this. */
  @Transform(toInt) @IsInt() @Min(1) REQUEST_TIMEOUT_MS = 30000;

  /** BullMQ key prefix: deployments (or test runs) sharing one Redis keep their queues apart. */
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'must be 1-64 characters of A-Z a-z 0-9 _ . -' })
  QUEUE_PREFIX = 'plugboard';

  @IsIn(LOG_LEVELS) LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';
  /** Unset: `pretty` when stdout is a terminal, `json` otherwise (AppConfig decides). */
  @IsOptional() @IsIn(LOG_FORMATS) LOG_FORMAT?: (typeof LOG_FORMATS)[number];
  @IsIn(PROCESS_ROLES) PROCESS_ROLE: (typeof PROCESS_ROLES)[number] = 'all';
  /**
   * How many processes this command runs, sharing its port (each a whole plugboard on the same
   * database): a number, or `auto` for one per core the machine (or the container's CPU quota) gives.
   */
  @Matches(/^(auto|[1-9]|[1-5][0-9]|6[0-4])$/, { message: 'must be auto or a number from 1 to 64' })
  PROCESSES = '1';
}
