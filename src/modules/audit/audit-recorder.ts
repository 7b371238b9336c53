import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '../../shared/metrics.registry';
import { OrgContext } from '../../shared/org-context';
import { RequestContext } from '../../shared/request-context';
import { WriteBehind } from '../../shared/write-behind';
import { AuditActor, AuditEntry, AuditRecord, toAuditCode, toAuditPath } from './audit-entry';
import { AuditRowBatch, BatchBuffers, EncodedAuditRows } from './audit-row-batch';
import { AuditRepository } from './audit.repository';

/**
 * An entry waits at most this long before its batch is written, so with the write itself an
 * entry older than a second is in the database: that is all a crash can lose.
 */
const FLUSH_INTERVAL_MS = 750;
/** Rows per INSERT; a full batch is written at once rather than waiting for the interval. */
const MAX_BATCH = 2_000;
/** Entries held while the database is slow or away (15–35 MB of rows); past it new ones are dropped and counted. */
const MAX_PENDING = 50_000;
/** An overflow is logged at most this often (with the count since the last line), never per entry. */
const OVERFLOW_WARNING_INTERVAL_MS = 10_000;

const SYSTEM: AuditActor = { type: 'system', id: null };
const OPERATOR: AuditActor = { type: 'operator', id: null };

/**
 * The ledger's writer, the one way into the audit: `record(entry)` returns at once and never
 * throws; entries are buffered and written behind the requests, one multi-row INSERT per batch.
 * What is buffered is written on shutdown. A write that fails drops its batch (logged and counted
 * in `plugboard_audit_entries_dropped_total`): the audit never fails or slows the request it
 * describes.
 */
@Injectable()
export class AuditRecorder implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private readonly buffer: WriteBehind<AuditEntry, EncodedAuditRows>;
  private readonly buffers = new BatchBuffers();
  private readonly droppedEntries: Counter<'reason'>;
  private readonly writtenEntries: Counter;
  private overflowSinceWarning = 0;
  private lastOverflowWarning = 0;

  constructor(
    repository: AuditRepository,
    private readonly orgContext: OrgContext,
    private readonly requestContext: RequestContext,
    metrics: MetricsRegistry,
  ) {
    this.droppedEntries = new Counter({
      name: 'plugboard_audit_entries_dropped_total',
      help: 'Audit entries lost: the buffer was full (overflow) or their batch could not be written (write_failed)',
      labelNames: ['reason'],
      registers: [metrics.registry],
    });
    this.writtenEntries = new Counter({
      name: 'plugboard_audit_entries_written_total',
      help: 'Audit entries written to the database',
      registers: [metrics.registry],
    });
    this.buffer = new WriteBehind<AuditEntry, EncodedAuditRows>({
      intervalMs: FLUSH_INTERVAL_MS,
      maxBatch: MAX_BATCH,
      maxPending: MAX_PENDING,
      newBatch: () => new AuditRowBatch(this.buffers),
      write: async (batch) => {
        try {
          await repository.insertBatch(batch);
        } finally {
          this.buffers.give(batch.storage);
        }
        this.writtenEntries.inc(batch.rows);
      },
      onError: (error, dropped) => {
        this.droppedEntries.inc({ reason: 'write_failed' }, dropped);
        this.logger.warn(
          { errorCode: (error as { code?: unknown }).code, dropped },
          'audit: a batch of entries could not be written and was dropped',
        );
      },
      onOverflow: (dropped) => this.countOverflow(dropped),
    });
  }

  /** Buffers one entry; id, time, actor and request id are filled in here when not given. */
  record(record: AuditRecord): void {
    const at = record.at ?? new Date();
    this.buffer.add({
      id: randomUUID(),
      at,
      orgId: record.orgId,
      actor: record.actor ?? this.actorOfRequest(),
      action: record.action,
      agentId: record.agentId ?? null,
      connectionId: record.connectionId ?? null,
      method: record.method ?? null,
      path: record.path == null ? null : toAuditPath(record.path),
      status: record.status ?? null,
      code: record.code == null ? null : toAuditCode(record.code),
      durationMs: record.durationMs == null ? null : Math.max(0, Math.round(record.durationMs)),
      requestId: record.requestId !== undefined ? record.requestId : this.requestIdOfRequest(),
    });
  }

  /** Writes everything buffered so far (waits for the write under way first). */
  flush(): Promise<void> {
    return this.buffer.flush();
  }

  /** The API key or operator of the request being served, else the system (a scheduler, a listener). */
  actorOfRequest(): AuditActor {
    const principal = this.orgContext.principal();
    if (principal?.kind === 'org') return { type: 'apiKey', id: principal.apiKeyId };
    if (principal?.kind === 'operator') return OPERATOR;
    return SYSTEM;
  }

  /** Before the HTTP server closes: what is buffered is written while the pool is surely open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.buffer.flush();
  }

  /** Entries of requests that finished while the server was closing. */
  async onApplicationShutdown(): Promise<void> {
    await this.buffer.close();
  }

  private requestIdOfRequest(): string | null {
    const id = this.requestContext.current()?.request?.id;
    return typeof id === 'string' ? id : null;
  }

  private countOverflow(dropped: number): void {
    this.droppedEntries.inc({ reason: 'overflow' }, dropped);
    this.overflowSinceWarning += dropped;
    const now = Date.now();
    if (now - this.lastOverflowWarning < OVERFLOW_WARNING_INTERVAL_MS) return;
    this.logger.warn(
      { dropped: this.overflowSinceWarning, pending: this.buffer.size },
      'audit: the entry buffer is full (the database is not keeping up); new entries are dropped',
    );
    this.lastOverflowWarning = now;
    this.overflowSinceWarning = 0;
  }
}
