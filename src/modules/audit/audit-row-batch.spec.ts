import { AuditEntry } from './audit-entry';
import { AuditRowBatch, BatchBuffers } from './audit-row-batch';

const entry = (index: number, path: string): AuditEntry => ({
  id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  at: new Date(1_765_000_000_000 + index),
  orgId: '11111111-1111-4111-8111-111111111111',
  actor: { type: 'agent', id: 'agent-1' },
  action: 'proxy.request',
  agentId: null,
  connectionId: null,
  method: 'POST',
  path,
  status: 200,
  code: 'said "no" \\ twice',
  durationMs: index,
  requestId: null,
});

/** [rows, contexts] of a batch's jsonb bytes. */
const decode = (jsonb: Buffer) =>
  JSON.parse(jsonb.subarray(1).toString('utf8')) as [unknown[][], unknown[][]];

describe('AuditRowBatch', () => {
  it('encodes its entries as jsonb binary input: version byte 1, then [rows, contexts]', () => {
    const batch = new AuditRowBatch();
    batch.add(entry(1, '/v1/a'));
    batch.add(entry(2, '/v1/b'));
    const { rows, jsonb } = batch.contents();
    expect(rows).toBe(2);
    expect(jsonb[0]).toBe(1);
    // the order of auditStatements.insertMany: a row names its context, `at` as epoch milliseconds
    const row = (index: number, path: string) => [
      0,
      entry(index, path).id,
      entry(index, path).at.getTime(),
      path,
      200,
      'said "no" \\ twice',
      index,
      null,
    ];
    const context = [
      '11111111-1111-4111-8111-111111111111',
      'agent',
      'agent-1',
      'proxy.request',
      null,
      null,
      'POST',
    ];
    expect(decode(jsonb)).toEqual([[row(1, '/v1/a'), row(2, '/v1/b')], [context]]);
  });

  it('writes what entries share once per batch: a context per org, actor, action, agent, connection and method', () => {
    const batch = new AuditRowBatch();
    const other = {
      ...entry(3, '/v1/c'),
      agentId: 'agent-2',
      actor: { type: 'agent' as const, id: 'agent-2' },
    };
    batch.add(entry(1, '/v1/a'));
    batch.add(other);
    batch.add(entry(2, '/v1/b'));
    batch.add({ ...entry(4, '/v1/d'), method: 'GET' });
    batch.add({ ...other, path: '/v1/e' });
    const [rows, contexts] = decode(batch.contents().jsonb);
    expect(rows.map((row) => [row[0], row[3]])).toEqual([
      [0, '/v1/a'],
      [1, '/v1/c'],
      [0, '/v1/b'],
      [2, '/v1/d'],
      [1, '/v1/e'],
    ]);
    expect(contexts.map((context) => [context[2], context[4], context[6]])).toEqual([
      ['agent-1', null, 'POST'],
      ['agent-2', 'agent-2', 'POST'],
      ['agent-1', null, 'GET'],
    ]);
  });

  it('finds an earlier context again when more than the last few came in between', () => {
    const batch = new AuditRowBatch();
    const agents = Array.from({ length: 12 }, (_, index) => `agent-${index}`);
    const of = (agent: string, index: number) => ({ ...entry(index, `/v1/${agent}`), agentId: agent });
    agents.forEach((agent, index) => batch.add(of(agent, index)));
    agents.forEach((agent, index) => batch.add(of(agent, 100 + index)));
    const [rows, contexts] = decode(batch.contents().jsonb);
    expect(contexts.map((context) => context[4])).toEqual(agents);
    expect(rows.map((row) => contexts[row[0] as number][4])).toEqual([...agents, ...agents]);
  });

  it('grows past its first buffer without losing or splitting a character', () => {
    const batch = new AuditRowBatch();
    const paths = Array.from({ length: 400 }, (_, index) => `/v1/ünï/☃/𝄞/${index}/${'é'.repeat(300)}`);
    paths.forEach((path, index) => batch.add(entry(index, path)));
    const { rows, jsonb } = batch.contents();
    expect(rows).toBe(400);
    expect(jsonb.length).toBeGreaterThan(64 * 1024);
    expect(decode(jsonb)[0].map((row) => row[3])).toEqual(paths);
  });

  it('escapes what JSON must escape, writes NaN as null, a NUL and a lone surrogate as U+FFFD', () => {
    const batch = new AuditRowBatch();
    const odd = { ...entry(3, 'tab\there "quoted" back\\slash\u0001 bell\u0007 ☃'), durationMs: NaN };
    batch.add({ ...odd, requestId: 'half a pair \ud800 here' });
    batch.add({ ...odd, requestId: 'nul \u0000 and "half" \udc00 a pair' });
    batch.add({ ...odd, method: 'M\u0000"' });
    const [rows, contexts] = decode(batch.contents().jsonb);
    expect(rows[0][3]).toBe('tab\there "quoted" back\\slash\u0001 bell\u0007 ☃');
    expect(rows[0][6]).toBeNull();
    expect(rows[0][7]).toBe('half a pair \ufffd here');
    expect(rows[1][7]).toBe('nul \ufffd and "half" \ufffd a pair');
    expect(contexts.map((context) => context[6])).toEqual(['POST', 'M\ufffd"']);
  });

  it('is two empty arrays when nothing was added', () => {
    const { rows, jsonb } = new AuditRowBatch().contents();
    expect(rows).toBe(0);
    expect(jsonb.subarray(1).toString('utf8')).toBe('[[],[]]');
  });
});

describe('BatchBuffers', () => {
  it('gives the next batch the buffer a written batch handed back, grown as it was, holding only the new rows', () => {
    const buffers = new BatchBuffers();
    const first = new AuditRowBatch(buffers);
    const longPath = `/v1/${'x'.repeat(1000)}`;
    for (let index = 0; index < 100; index++) first.add(entry(index, longPath));
    const written = first.contents();
    expect(written.storage.length).toBeGreaterThan(64 * 1024);
    buffers.give(written.storage);

    const second = new AuditRowBatch(buffers);
    second.add(entry(500, '/v1/short'));
    const { rows, jsonb, storage } = second.contents();
    expect(storage).toBe(written.storage);
    expect(rows).toBe(1);
    expect(decode(jsonb)[0].map((row) => row[3])).toEqual(['/v1/short']);
  });

  it('hands out a buffer to one batch at a time, and holds at most `keep` idle ones', () => {
    const buffers = new BatchBuffers(1);
    const a = new AuditRowBatch(buffers).contents().storage;
    const b = new AuditRowBatch(buffers).contents().storage;
    expect(a).not.toBe(b);
    buffers.give(a);
    buffers.give(b);
    const next = new AuditRowBatch(buffers).contents().storage;
    expect(next).toBe(a);
    expect(new AuditRowBatch(buffers).contents().storage).not.toBe(b);
  });
});
