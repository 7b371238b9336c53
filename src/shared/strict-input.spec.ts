import { decodeComponent, parseStrictForm, textProblem, urlProblem } from './strict-input';

describe('textProblem', () => {
  it('refuses bytes that are not UTF-8 and accepts multi-byte text', () => {
    expect(textProblem(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]))).toMatch(/UTF-8/);
    expect(textProblem(Buffer.from('{"name":"Zoë ✓ 𝄞"}'))).toBeNull();
  });
});

describe('decodeComponent', () => {
  it('decodes well-formed escapes and refuses broken ones, non-UTF-8 bytes and NUL', () => {
    expect(decodeComponent('caf%C3%A9')).toBe('café');
    expect(decodeComponent('a+b', true)).toBe('a b');
    for (const broken of ['%ZZ', '%E0%A4%A', '%C3%28', '%', 'a%0', '%00', 'x%00y']) {
      expect(decodeComponent(broken)).toBeUndefined();
    }
  });
});

describe('urlProblem', () => {
  it('accepts plain and well-encoded URLs', () => {
    expect(urlProblem('/v1/orgs/abc?limit=5&cursor=a%2Fb')).toBeNull();
    expect(urlProblem('/oauth/callback?code=x&state=%E2%9C%93')).toBeNull();
  });

  it('refuses a broken escape or a NUL in the path or the query', () => {
    expect(urlProblem('/v1/orgs/%ZZ')).toMatch(/percent-encoding/);
    expect(urlProblem('/v1/orgs/x?status=%C3%28')).toMatch(/percent-encoding/);
    expect(urlProblem('/v1/orgs/x?cursor=a%00')).toMatch(/NUL/);
  });
});

describe('parseStrictForm', () => {
  it('parses like querystring, repeated names becoming arrays', () => {
    expect({ ...parseStrictForm('a=1&b=x+y&a=2&c') }).toEqual({ a: ['1', '2'], b: 'x y', c: '' });
  });

  it('refuses broken escapes, non-UTF-8 escapes and NUL', () => {
    for (const body of ['a=%ZZ', 'a=%C3%28', 'a%00=1', 'a=%00'])
      expect(parseStrictForm(body)).toBeUndefined();
  });
});
