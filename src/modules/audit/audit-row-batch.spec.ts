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

describe('AuditRowBatch', () => {
  it('encodes its entries as jsonb binary input: version byte 1, then one JSON array of rows', () => {
    const batch = new AuditRowBatch();
    batch.add(entry(1, '/v1/a'));
    batch.add(entry(2, '/v1/b'));
    const { rows, jsonb } = batch.contents();
    expect(rows).toBe(2);
    expect(jsonb[0]).toBe(1);
    // the column order of auditStatements.insertMany, `at` as epoch milliseconds
    const row = (index: number, path: string) => {
      const e = entry(index, path);
      return [
        e.id,
        e.orgId,
        e.at.getTime(),
        'agent',
        'agent-1',
        'proxy.request',
        null,
        null,
        'POST',
        path,
      ].concat([200, 'said "no" \\ twice', index, null]);
    };
    expect(JSON.parse(jsonb.subarray(1).toString('utf8'))).toEqual([row(1, '/v1/a'), row(2, '/v1/b')]);
  });

  it('grows past its first buffer without losing or splitting a character', () => {
    const batch = new AuditRowBatch();
    const paths = Array.from({ length: 400 }, (_, index) => `/v1/ünï/☃/𝄞/${index}/${'é'.repeat(300)}`);
    paths.forEach((path, index) => batch.add(entry(index, path)));
    const { rows, jsonb } = batch.contents();
    expect(rows).toBe(400);
    expect(jsonb.length).toBeGreaterThan(64 * 1024);
    const decoded = JSON.parse(jsonb.subarray(1).toString('utf8')) as unknown[][];
    expect(decoded.map((row) => row[9])).toEqual(paths);
  });

  it('escapes what JSON must escape, writes NaN as null, a NUL and a lone surrogate as U+FFFD', () => {
    const batch = new AuditRowBatch();
    const odd = { ...entry(3, 'tab\there "quoted" back\\slash\u0001 bell\u0007 ☃'), durationMs: NaN };
    batch.add({ ...odd, requestId: 'half a pair \ud800 here' });
    batch.add({ ...odd, requestId: 'nul \u0000 and "half" \udc00 a pair' });
    const decoded = JSON.parse(batch.contents().jsonb.subarray(1).toString('utf8')) as unknown[][];
    expect(decoded[0][9]).toBe('tab\there "quoted" back\\slash\u0001 bell\u0007 ☃');
    expect(decoded[0][12]).toBeNull();
    expect(decoded[0][13]).toBe('half a pair \ufffd here');
    expect(decoded[1][13]).toBe('nul \ufffd and "half" \ufffd a pair');
  });

  it('is an empty array when nothing was added', () => {
    const { rows, jsonb } = new AuditRowBatch().contents();
    expect(rows).toBe(0);
    expect(jsonb.subarray(1).toString('utf8')).toBe('[]');
  });
});

describe('BatchBuffers', () => {
  const decode = (jsonb: Buffer) => JSON.parse(jsonb.subarray(1).toString('utf8')) as unknown[][];

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
    expect(decode(jsonb).map((row) => row[9])).toEqual(['/v1/short']);
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
