import { Readable } from 'node:stream';
import { readSnippet, snippetOf, SNIPPET_BYTES } from './response-snippet';

describe('snippetOf', () => {
  it('keeps a short answer as it is and answers null for an empty one', () => {
    expect(snippetOf(Buffer.from('{"ok":false,"reason":"busy"}'))).toBe('{"ok":false,"reason":"busy"}');
    expect(snippetOf(Buffer.alloc(0))).toBeNull();
  });

  it('keeps at most 1 KiB, never cutting a character in half', () => {
    expect(Buffer.byteLength(snippetOf(Buffer.from('x'.repeat(5000)))!)).toBe(SNIPPET_BYTES);
    // 'é' is two bytes: 1023 bytes of x then é straddles the limit and is left out whole
    const straddling = snippetOf(Buffer.from(`${'x'.repeat(1023)}é and more`))!;
    expect(straddling).toBe('x'.repeat(1023));
    expect(straddling).not.toContain('\uFFFD');
  });

  it('drops NUL characters, which PostgreSQL text cannot hold', () => {
    expect(snippetOf(Buffer.from('a\u0000b'))).toBe('ab');
  });
});

describe('readSnippet', () => {
  it('reads the first KiB of a streamed answer and consumes the rest', async () => {
    const chunks = [Buffer.from('y'.repeat(700)), Buffer.from('z'.repeat(700)), Buffer.from('w'.repeat(700))];
    const body = Readable.from(chunks);
    const snippet = await readSnippet(body);
    expect(snippet).toBe(`${'y'.repeat(700)}${'z'.repeat(324)}`);
    expect(body.readableEnded).toBe(true);
  });

  it('stops reading and closes a very long answer', async () => {
    const body = Readable.from(
      (function* () {
        for (let index = 0; index < 1_000; index++) yield Buffer.alloc(1024, 0x61);
      })(),
    );
    expect(await readSnippet(body)).toBe('a'.repeat(1024));
    expect(body.destroyed).toBe(true);
  });
});
