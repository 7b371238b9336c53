import { randomUUID } from 'node:crypto';
import { AuditRecorder } from '../../../src/modules/audit';
import { startApp, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import { http } from '../../support/http';

const countFor = async (orgId: string) =>
  (
    await sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entries WHERE organization_id = $1`, [
      orgId,
    ])
  )[0].n;

describe('AuditRecorder (the ledger’s write-behind writer)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
    await closeSql();
  });

  it('caps its buffer while a write is under way: the rest is dropped, counted and logged once at WARN', async () => {
    const orgId = randomUUID();
    const recorder = t.app.get(AuditRecorder);
    // recorded without yielding: the first full batch (2,000) is being written, the buffer fills to its cap
    for (let i = 0; i < 60_000; i++)
      recorder.record({ orgId, action: 'proxy.request', actor: { type: 'system', id: null } });
    await recorder.flush();
    expect(await countFor(orgId)).toBe(52_000);
    const metrics = await http(t.baseUrl, 'GET', '/metrics');
    expect(metrics.text).toMatch(/plugboard_audit_entries_dropped_total\{reason="overflow"\} 8000/);
    const warnings = t.logs.lines.filter((line) => line.includes('the entry buffer is full'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0])).toMatchObject({ level: 40, dropped: 1 });
  });

  it('stores each entry as recorded: text in any script, quotes, nulls, and batches past their first 64 kB', async () => {
    const orgId = randomUUID();
    const connectionId = randomUUID();
    const recorder = t.app.get(AuditRecorder);
    const paths = Array.from({ length: 300 }, (_, index) => `/v1/ünï/☃/𝄞/${index}/${'é'.repeat(200)}`);
    const at = new Date('2026-12-06T10:00:00.123Z');
    for (const [index, path] of paths.entries())
      recorder.record({
        orgId,
        action: 'proxy.request',
        actor: { type: 'agent', id: 'agent "one"' },
        connectionId,
        method: 'POST',
        path,
        status: 201,
        code: 'said "no" \\ twice',
        durationMs: index,
        requestId: null,
        at,
      });
    await recorder.flush();
    const rows = await sql<Record<string, unknown>>(
      `SELECT at, actor_type, actor_id, agent_id, connection_id, method, path, status, code, duration_ms, request_id
         FROM audit_entries WHERE organization_id = $1 ORDER BY duration_ms`,
      [orgId],
    );
    expect(rows.map((row) => row.path)).toEqual(paths);
    expect(rows[7]).toEqual({
      at,
      actor_type: 'agent',
      actor_id: 'agent "one"',
      agent_id: null,
      connection_id: connectionId,
      method: 'POST',
      path: paths[7],
      status: 201,
      code: 'said "no" \\ twice',
      duration_ms: 7,
      request_id: null,
    });
  });

  it('stores every entry exactly once while written batches hand their buffers to the next ones', async () => {
    const orgId = randomUUID();
    const recorder = t.app.get(AuditRecorder);
    const expected: string[] = [];
    // rounds of more than a full batch, each written while the next round fills reused buffers
    for (let round = 0; round < 4; round++) {
      for (let index = 0; index < 2_500; index++) {
        const path = `/v1/round-${round}/entry-${index}/${'ü'.repeat(index % 50)}`;
        expected.push(path);
        recorder.record({ orgId, action: 'proxy.request', actor: { type: 'system', id: null }, path });
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await recorder.flush();
    const rows = await sql<{ path: string }>(`SELECT path FROM audit_entries WHERE organization_id = $1`, [
      orgId,
    ]);
    expect(rows.map((row) => row.path).sort()).toEqual([...expected].sort());
  });

  it('keeps a batch whose entry carries a NUL or half a surrogate pair (jsonb refuses both): stored as U+FFFD', async () => {
    const orgId = randomUUID();
    const recorder = t.app.get(AuditRecorder);
    // e.g. a provider's error text, parsed from JSON, in a status change's reason
    const codes = [
      'INVALID:bad\u0000grant',
      'INVALID:half \ud800 pair',
      'INVALID:"quoted" \udc00',
      'INVALID:fine',
    ];
    for (const code of codes)
      recorder.record({
        orgId,
        action: 'connection.status_changed',
        actor: { type: 'system', id: null },
        code,
      });
    await recorder.flush();
    const rows = await sql<{ code: string }>(
      `SELECT code FROM audit_entries WHERE organization_id = $1 ORDER BY code`,
      [orgId],
    );
    expect(rows.map((row) => row.code).sort()).toEqual(
      [
        'INVALID:bad\ufffdgrant',
        'INVALID:half \ufffd pair',
        'INVALID:"quoted" \ufffd',
        'INVALID:fine',
      ].sort(),
    );
    const metrics = await http(t.baseUrl, 'GET', '/metrics');
    expect(metrics.text).not.toMatch(/plugboard_audit_entries_dropped_total\{reason="write_failed"\}/);
  });

  it('writes what it holds when the app shuts down', async () => {
    const other = await startApp();
    const orgId = randomUUID();
    for (let i = 0; i < 3; i++)
      other.app
        .get(AuditRecorder)
        .record({ orgId, action: 'worker_token.created', actor: { type: 'system', id: null } });
    expect(await countFor(orgId)).toBe(0);
    await other.close();
    expect(await countFor(orgId)).toBe(3);
  });
});
