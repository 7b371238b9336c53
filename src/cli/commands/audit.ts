import type { AuditAction, AuditEntry } from '@plugboard/sdk';
import { EXIT, UsageError } from '../cli-errors';
import { Command, CommandContext, numberOption, stringOption } from '../command';
import { Output } from '../output';
import { sleep, stopSignal } from '../stop-signal';

const ACTIONS: AuditAction[] = [
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
];
const DEFAULT_BACKLOG = 20;
const POLL_MS = 1_000;
/**
 * Entries are stamped when they happen and stored up to a second later (written behind the
 * request), so each poll looks this far back and skips what it has seen: a late-stored entry is
 * printed late, never lost.
 */
const LATE_WINDOW_MS = 10_000;
const PAGE_LIMIT = 500;

type Filter = { action?: AuditAction; agentId?: string; connectionId?: string };

function filterOf(values: CommandContext['values']): Filter {
  const action = stringOption(values, 'action');
  if (action !== undefined && !ACTIONS.includes(action as AuditAction))
    throw new UsageError(`--action must be one of ${ACTIONS.join(', ')}`);
  return {
    ...(action ? { action: action as AuditAction } : {}),
    ...(stringOption(values, 'agent') ? { agentId: stringOption(values, 'agent') } : {}),
    ...(stringOption(values, 'connection') ? { connectionId: stringOption(values, 'connection') } : {}),
  };
}

/** One line for people: time, action, who, and what the entry names. */
export function describeEntry(entry: AuditEntry): string {
  const actor = entry.actor.id ? `${entry.actor.type}:${entry.actor.id}` : entry.actor.type;
  const request = entry.method || entry.path ? `${entry.method ?? ''} ${entry.path ?? ''}`.trim() : '';
  const answer = entry.status !== null ? `→ ${entry.status}` : '';
  const parts = [
    entry.at,
    entry.action,
    actor,
    request,
    answer,
    entry.code ?? '',
    entry.durationMs !== null ? `${entry.durationMs} ms` : '',
    entry.connectionId && !request ? `connection ${entry.connectionId}` : '',
  ];
  return parts.filter(Boolean).join('  ');
}

function print(output: Output, entry: AuditEntry): void {
  output.line(output.json ? JSON.stringify(entry) : describeEntry(entry));
}

/** The entries the tail has seen lately, by id, so overlapping polls print nothing twice. */
class SeenEntries {
  private readonly seen = new Map<string, number>();

  has(entry: AuditEntry): boolean {
    return this.seen.has(entry.id);
  }

  add(entry: AuditEntry): void {
    this.seen.set(entry.id, Date.parse(entry.at));
  }

  /** Forgets entries older than any later poll can return. */
  prune(oldest: number): void {
    for (const [id, at] of this.seen) if (at < oldest) this.seen.delete(id);
  }
}

export const auditTailCommand: Command = {
  path: ['audit', 'tail'],
  summary: 'Print the newest audit entries, then follow new ones until Ctrl-C',
  usage: `[--action ${ACTIONS.join('|')}] [--agent <id>] [--connection <id>] [--lines <n>] [--json]`,
  options: {
    action: { type: 'string' },
    agent: { type: 'string' },
    connection: { type: 'string' },
    lines: { type: 'string' },
  },
  async run({ output, values, client, orgId }) {
    const filter = filterOf(values);
    const backlog = numberOption(values, 'lines') ?? DEFAULT_BACKLOG;
    const pb = client();
    const org = orgId();
    const seen = new SeenEntries();
    const stop = stopSignal();
    const recent = (since: number) =>
      pb.audit.list(
        { orgId: org, ...filter, since: new Date(since).toISOString(), limit: PAGE_LIMIT },
        { signal: stop.signal },
      );
    try {
      const newest = await pb.audit.list({ orgId: org, ...filter, limit: Math.min(backlog, 500) }).page();
      // newest first from the API, oldest first on the screen, as `tail` prints
      for (const entry of newest.items.reverse()) {
        print(output, entry);
        seen.add(entry);
      }
      // what is already there, beyond the lines shown, is not news: only later entries are printed
      for await (const entry of recent(Date.now() - LATE_WINDOW_MS)) seen.add(entry);
      if (!output.json) output.error('Following new entries (Ctrl-C stops)');
      while (!stop.signal.aborted) {
        await sleep(POLL_MS, stop.signal);
        if (stop.signal.aborted) break;
        const since = Date.now() - LATE_WINDOW_MS;
        const fresh: AuditEntry[] = [];
        for await (const entry of recent(since)) if (!seen.has(entry)) fresh.push(entry);
        for (const entry of fresh.reverse()) {
          print(output, entry);
          seen.add(entry);
        }
        seen.prune(since - LATE_WINDOW_MS);
      }
    } catch (error) {
      if (!stop.signal.aborted) throw error;
    } finally {
      stop.dispose();
    }
    return EXIT.ok;
  },
};
