import { buildDownstreamHeaders, buildUpstreamHeaders, findPlaceholderIds } from './proxy-headers';

const ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

describe('findPlaceholderIds', () => {
  it('finds placeholders in Authorization and x-api-key only', () => {
    expect(
      findPlaceholderIds({
        authorization: `Bearer pb_secret_${ID.toUpperCase()}`,
        'x-api-key': `pb_secret_${ID}`,
        'x-custom': 'pb_secret_11111111-2222-4333-8444-555555555555',
      }),
    ).toEqual([ID]);
  });

  it('finds nothing without a placeholder', () => {
    expect(findPlaceholderIds({ authorization: 'Bearer real-token' })).toEqual([]);
  });
});

describe('buildUpstreamHeaders', () => {
  it('substitutes the token in the substituted headers and nowhere else', () => {
    const headers = buildUpstreamHeaders(
      {
        authorization: `Bearer pb_secret_${ID}`,
        'x-api-key': `pb_secret_${ID}`,
        'x-custom': `pb_secret_${ID}`,
        accept: 'application/json',
      },
      'xoxb-real',
    );
    expect(headers).toEqual({
      authorization: 'Bearer xoxb-real',
      'x-api-key': 'xoxb-real',
      'x-custom': `pb_secret_${ID}`,
      accept: 'application/json',
    });
  });

  it('drops hop-by-hop, Connection-listed, proxy, cookie, host and forwarding headers', () => {
    const headers = buildUpstreamHeaders(
      {
        host: 'plugboard.local',
        connection: 'keep-alive, x-hop',
        'x-hop': '1',
        'keep-alive': 'timeout=5',
        'proxy-authorization': 'Bearer pbw_secret',
        'proxy-connection': 'keep-alive',
        cookie: 'session=abc',
        te: 'trailers',
        trailer: 'x-checksum',
        'transfer-encoding': 'chunked',
        upgrade: 'websocket',
        forwarded: 'for=10.0.0.1',
        'x-forwarded-for': '10.0.0.1',
        'x-forwarded-host': 'internal',
        'x-real-ip': '10.0.0.1',
        expect: '100-continue',
        'content-length': '12',
        'x-kept': 'yes',
      },
      'token',
      { contentType: 'application/json' },
    );
    expect(headers).toEqual({ 'content-length': '12', 'x-kept': 'yes', 'content-type': 'application/json' });
  });
});

const SECRET = {
  accessToken: 'xoxb-real-token-123',
  placeholder: 'pb_secret_00000000-0000-4000-8000-000000000000',
};

describe('buildDownstreamHeaders', () => {
  it('replaces an echoed access token by the placeholder in every returned header', () => {
    expect(
      buildDownstreamHeaders(
        {
          'x-debug-authorization': 'Bearer xoxb-real-token-123',
          link: ['<https://api.example/x?t=xoxb-real-token-123>; rel="next"', 'plain'],
          'x-other': 'untouched',
        },
        SECRET,
      ),
    ).toEqual({
      'x-debug-authorization': `Bearer ${SECRET.placeholder}`,
      link: [`<https://api.example/x?t=${SECRET.placeholder}>; rel="next"`, 'plain'],
      'x-other': 'untouched',
    });
  });

  it('returns the upstream headers without hop-by-hop headers and cookies', () => {
    expect(
      buildDownstreamHeaders(
        {
          'content-type': 'text/plain',
          location: 'https://elsewhere.example/',
          connection: 'close',
          'transfer-encoding': 'chunked',
          'set-cookie': ['a=b'],
          'x-rate-limit': '10',
          'x-request-id': 'upstream-42',
        },
        SECRET,
      ),
    ).toEqual({
      'content-type': 'text/plain',
      location: 'https://elsewhere.example/',
      'x-rate-limit': '10',
      'x-upstream-request-id': 'upstream-42',
    });
  });
});
