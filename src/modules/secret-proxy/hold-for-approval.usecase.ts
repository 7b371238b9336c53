import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { AppConfig } from '../../config';
import { RequestInvalidError } from '../../shared/errors';
import { AuditRecorder } from '../audit';
import { AgentsRepository } from './agents.repository';
import { ApprovalDesk } from './approval-desk';
import { ApprovalSettings } from './placeholder-policy';
import { ProxyMetrics } from './proxy.metrics';
import {
  HeldBodyTooLargeError,
  ProxyApprovalAbandonedError,
  ProxyApprovalDeniedError,
  ProxyApprovalTimeoutError,
  ProxyForbiddenError,
} from './secret-proxy.errors';
import { WorkerPrincipal } from './worker-tokens.service';

const PREVIEW_CHARACTERS = 300;
const MAX_QUERY_KEYS = 30;

export interface HeldRequest {
  worker: WorkerPrincipal;
  /** The placeholder's connection (the one the request would be sent with). */
  connectionId: string;
  requestId: string | null;
  /** The request URL as received (`/proxy/<provider>/<path>?<query>`): the audit keeps it without the query. */
  rawUrl: string;
  method: string;
  /** The raw proxied path (no query) and the raw query, as forwarded later. */
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: Readable | undefined;
  approval: ApprovalSettings;
  /** Fires when the worker's connection closes before it got its answer. */
  abandoned: AbortSignal;
}

/**
 * A request its placeholder's approval covers, held in this process until the one winning answer:
 * its body is read whole (INGRESS_MAX_BODY_BYTES at most, 413 beyond), the approver is asked with a
 * digest and a short preview of it, and the wait holds no database connection. Answers the body to
 * forward when approved (null: none); otherwise throws the refusal the decision means. Nothing has
 * been sent upstream when this returns or throws.
 */
@Injectable()
export class HoldForApprovalUseCase {
  private readonly logger = new Logger('SecretProxy');
  private readonly maxBodyBytes: number;

  constructor(
    private readonly desk: ApprovalDesk,
    private readonly agents: AgentsRepository,
    private readonly metrics: ProxyMetrics,
    private readonly audit: AuditRecorder,
    config: AppConfig,
  ) {
    this.maxBodyBytes = config.ingress.maxBodyBytes;
  }

  async execute(held: HeldRequest): Promise<Buffer | null> {
    const body = await readHeldBody(held, this.maxBodyBytes);
    const { orgId, agentId } = held.worker;
    const agentName = await this.agents.nameOf(orgId, agentId);
    if (agentName === null) throw new ProxyForbiddenError('The agent of this worker no longer exists');
    const approver = this.desk.current;
    const { approval } = held;
    const interactionId = await approver.ask({
      orgId,
      integrationId: approval.integrationId,
      connectionId: approval.connectionId,
      channel: approval.channel,
      approverUserId: approval.approverUserId,
      timeoutSeconds: approval.timeoutSeconds,
      agentId,
      agentName,
      method: held.method,
      path: held.path || '/',
      queryKeys: queryKeysOf(held.query),
      bodyBytes: body?.length ?? 0,
      bodySha256: createHash('sha256')
        .update(body ?? Buffer.alloc(0))
        .digest('hex'),
      bodyPreview: body
        ? body
            .subarray(0, PREVIEW_CHARACTERS * 4)
            .toString('utf8')
            .slice(0, PREVIEW_CHARACTERS)
        : '',
    });
    const entry = {
      orgId,
      actor: { type: 'agent' as const, id: agentId },
      agentId,
      connectionId: held.connectionId,
      method: held.method,
      // the same path as the call's own proxy.request entry
      path: held.rawUrl,
      requestId: held.requestId,
    };
    this.audit.record({ ...entry, action: 'approval.requested' });
    const deadline = Date.now() + approval.timeoutSeconds * 1000;
    this.metrics.heldRequests.inc();
    const { decision, answeredBy } = await approver
      .awaitDecision(orgId, interactionId, deadline, held.abandoned)
      .finally(() => this.metrics.heldRequests.dec());
    this.logger.log({ orgId, agentId, interactionId, decision }, 'held request decided');
    // who decided: the approver's chat user id, or plugboard itself (timeout, abandoned)
    const code = answeredBy ? `${decision} by ${answeredBy}` : decision;
    this.audit.record({ ...entry, action: 'approval.answered', code });
    if (decision === 'approved') return body;
    if (decision === 'denied') throw new ProxyApprovalDeniedError();
    if (decision === 'abandoned') throw new ProxyApprovalAbandonedError();
    throw new ProxyApprovalTimeoutError();
  }
}

/** The whole body, refused with 413 as soon as it is longer than the limit (declared or not). */
function readHeldBody(held: HeldRequest, limit: number): Promise<Buffer | null> {
  const stream = held.body;
  const contentLength = held.headers['content-length'];
  const declared = contentLength === undefined ? NaN : Number(contentLength);
  if (!stream || declared === 0 || (contentLength === undefined && !held.headers['transfer-encoding'])) {
    stream?.resume();
    return Promise.resolve(null);
  }
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new HeldBodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.off('data', onData);
        stream.pause();
        reject(new HeldBodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    };
    let ended = false;
    stream.on('data', onData);
    stream.once('end', () => {
      ended = true;
      resolve(size === 0 ? null : Buffer.concat(chunks, size));
    });
    // a worker that went away mid-body: nothing to hold, nothing asked
    const cutOff = () => !ended && reject(new RequestInvalidError('The request body was cut off'));
    stream.once('error', cutOff);
    stream.once('close', cutOff);
  });
}

/** The query's parameter names, never their values. */
function queryKeysOf(query: string): string[] {
  if (!query) return [];
  const keys = new Set<string>();
  for (const key of new URLSearchParams(query).keys()) {
    keys.add(key.slice(0, 64));
    if (keys.size >= MAX_QUERY_KEYS) break;
  }
  return [...keys];
}
