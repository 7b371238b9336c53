import { Readable } from 'node:stream';
import { isReplayable, prepareRequestBody, readPrefix, rejoin, REPLAYABLE_BODY_BYTES } from './proxy-body';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('prepareRequestBody', () => {
  it('has no body without a stream, with length 0, or with neither length nor chunked encoding', async () => {
    expect(await prepareRequestBody(undefined, '10', undefined)).toEqual({ kind: 'none' });
    expect(await prepareRequestBody(Readable.from([]), '0', undefined)).toEqual({ kind: 'none' });
    expect(await prepareRequestBody(Readable.from([]), undefined, undefined)).toEqual({ kind: 'none' });
  });

  it('buffers a small declared body so it can be replayed', async () => {
    const body = await prepareRequestBody(
      Readable.from([Buffer.from('{"a":'), Buffer.from('1}')]),
      '7',
      undefined,
    );
    expect(body).toEqual({ kind: 'buffered', data: Buffer.from('{"a":1}') });
    expect(isReplayable(body)).toBe(true);
  });

  it('streams a large or chunked body untouched and does not replay it', async () => {
    const large = Buffer.alloc(REPLAYABLE_BODY_BYTES + 1, 1);
    const declared = await prepareRequestBody(Readable.from([large]), String(large.length), undefined);
    expect(declared.kind).toBe('streamed');
    expect(isReplayable(declared)).toBe(false);
    const chunked = await prepareRequestBody(Readable.from([Buffer.from('x')]), undefined, 'chunked');
    expect(chunked.kind).toBe('streamed');
    if (chunked.kind === 'streamed') expect((await collect(chunked.stream)).toString()).toBe('x');
  });

  it('streams a body that turns out larger than declared-small without losing bytes', async () => {
    const chunks = Array.from({ length: 5 }, (_, index) => Buffer.alloc(REPLAYABLE_BODY_BYTES / 2, index));
    const body = await prepareRequestBody(Readable.from(chunks), '100', undefined);
    expect(body.kind).toBe('streamed');
    if (body.kind === 'streamed')
      expect((await collect(body.stream)).equals(Buffer.concat(chunks))).toBe(true);
  });
});

describe('readPrefix and rejoin', () => {
  it('stops after the limit and hands the rest on in order', async () => {
    const source = Readable.from([Buffer.from('abc'), Buffer.from('def'), Buffer.from('ghi')]);
    const { chunks, ended } = await readPrefix(source, 4);
    expect(ended).toBe(false);
    expect((await collect(rejoin(chunks, source))).toString()).toBe('abcdefghi');
  });

  it('reports a stream that ended within the limit', async () => {
    const { chunks, ended } = await readPrefix(Readable.from([Buffer.from('ok')]), 10);
    expect(ended).toBe(true);
    expect(Buffer.concat(chunks).toString()).toBe('ok');
  });
});
