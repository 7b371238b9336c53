/** Every action the ledger records; the list route and the OpenAPI document name exactly these. */
export const AUDIT_ACTIONS = [
  'proxy.request',
  'access_token.issued',
  'placeholder.created',
  'placeholder.deleted',
  'worker_token.created',
  'worker_token.deleted',
  'connection.status_changed',
  'connection.deleted',
  'approval.requested',
  'approval.answered',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTOR_TYPES = ['agent', 'apiKey', 'operator', 'system'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

/** Who caused an entry: an agent (through its worker token), an org API key, the operator, or plugboard itself. */
export interface AuditActor {
  type: AuditActorType;
  /** The agent's or API key's id; null for the operator and the system. */
  id: string | null;
}

/** What a module hands to `AuditRecorder.record`: the ledger fills in id, time, and (from the request) actor and requestId. */
export interface AuditRecord {
  orgId: string;
  action: AuditAction;
  /** Default: the API key or operator of the current request, else the system. */
  actor?: AuditActor;
  agentId?: string | null;
  connectionId?: string | null;
  method?: string | null;
  /** A path without its query; anything after `?` is cut off before it is stored. */
  path?: string | null;
  /** The HTTP status answered (proxied requests, refusals). */
  status?: number | null;
  /** A refusal's error code (`SECRET_PROXY.NOT_ALLOWED`), or the reason of a status change. */
  code?: string | null;
  durationMs?: number | null;
  /** Default: the current request's id (null when no request caused the entry). */
  requestId?: string | null;
  /** Default: now. */
  at?: Date;
}

/** One stored entry. */
export interface AuditEntry {
  id: string;
  at: Date;
  orgId: string;
  actor: AuditActor;
  action: AuditAction;
  agentId: string | null;
  connectionId: string | null;
  method: string | null;
  path: string | null;
  status: number | null;
  code: string | null;
  durationMs: number | null;
  requestId: string | null;
}

const MAX_PATH_LENGTH = 512;
const MAX_CODE_LENGTH = 200;
/** Secrets a worker could put in a URL path by mistake: placeholders and worker tokens. */
const SECRET_IN_PATH = /(pb_secret_|pbw_|pbk_|pba_)[A-Za-z0-9_-]+/g;

/**
 * A path as the ledger keeps it: no query (its values may be secrets or personal data), no
 * fragment, no placeholder or token even when a worker wrote one into the path, bounded length.
 */
export function toAuditPath(path: string): string {
  let cut = path;
  const query = cut.search(/[?#]/);
  if (query >= 0) cut = cut.slice(0, query);
  if (cut.includes('pb')) cut = cut.replace(SECRET_IN_PATH, '$1…');
  return cut.length > MAX_PATH_LENGTH ? cut.slice(0, MAX_PATH_LENGTH) : cut;
}

export function toAuditCode(code: string): string {
  return code.length > MAX_CODE_LENGTH ? code.slice(0, MAX_CODE_LENGTH) : code;
}
