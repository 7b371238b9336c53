import {
  buildDownstreamHeaders,
  buildUpstreamHeaders,
  findPlaceholderIds,
  rewriteUpstreamLinks,
} from './proxy-headers';

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

  it("finds and substitutes a placeholder in Shopify's X-Shopify-Access-Token", () => {
    expect(findPlaceholderIds({ 'x-shopify-access-token': `pb_secret_${ID}` })).toEqual([ID]);
    expect(buildUpstreamHeaders({ 'x-shopify-access-token': `pb_secret_${ID}` }, 'shpat_real')).toEqual({
      'x-shopify-access-token': 'shpat_real',
    });
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

describe('rewriteUpstreamLinks', () => {
  const github = {
    requestUrl: 'https://api.github.com/repos/o/r/issues?per_page=2',
    apiBaseUrl: 'https://api.github.com',
    proxyBaseUrl: 'https://plugboard.example.com/proxy/github',
  };

  it("points GitHub's pagination links at the proxy, every rel of every Link header", () => {
    const link =
      '<https://api.github.com/repositories/1/issues?per_page=2&page=2>; rel="next", ' +
      '<https://api.github.com/repositories/1/issues?per_page=2&page=5>; rel="last"';
    expect(rewriteUpstreamLinks({ link, 'content-type': 'application/json' }, github)).toEqual({
      link:
        '<https://plugboard.example.com/proxy/github/repositories/1/issues?per_page=2&page=2>; rel="next", ' +
        '<https://plugboard.example.com/proxy/github/repositories/1/issues?per_page=2&page=5>; rel="last"',
      'content-type': 'application/json',
    });
    expect(
      rewriteUpstreamLinks({ link: ['<https://api.github.com/a>; rel="next"', '</b>; rel="prev"'] }, github)
        .link,
    ).toEqual([
      '<https://plugboard.example.com/proxy/github/a>; rel="next"',
      '<https://plugboard.example.com/proxy/github/b>; rel="prev"',
    ]);
  });

  it('rewrites Location and Content-Location under the base path, absolute or relative', () => {
    const slack = {
      requestUrl: 'https://slack.com/api/files.upload',
      apiBaseUrl: 'https://slack.com/api',
      proxyBaseUrl: 'https://plugboard.example.com/proxy/slack/',
    };
    expect(
      rewriteUpstreamLinks(
        { location: 'https://slack.com/api/files.info?file=F1#top', 'content-location': 'files.info' },
        slack,
      ),
    ).toEqual({
      location: 'https://plugboard.example.com/proxy/slack/files.info?file=F1#top',
      'content-location': 'https://plugboard.example.com/proxy/slack/files.info',
    });
    expect(rewriteUpstreamLinks({ location: 'https://slack.com/api' }, slack).location).toBe(
      'https://plugboard.example.com/proxy/slack',
    );
  });

  it.each([
    ['another host', 'https://uploads.github.com/repos/o/r/releases'],
    ['another scheme', 'http://api.github.com/repos'],
    ['another port', 'https://api.github.com:8443/repos'],
    ['credentials', 'https://user:pw@api.github.com/repos'],
    ['not a URL', 'http://['],
  ])('leaves a URL on %s as it was', (_label, location) => {
    expect(rewriteUpstreamLinks({ location }, github).location).toBe(location);
  });

  it('leaves URLs outside the base path, including look-alike siblings', () => {
    const slack = {
      requestUrl: 'https://slack.com/api/chat.postMessage',
      apiBaseUrl: 'https://slack.com/api/',
      proxyBaseUrl: 'https://plugboard.example.com/proxy/slack',
    };
    for (const location of ['https://slack.com/apis/x', 'https://slack.com/oauth/v2/authorize', '/signin']) {
      expect(rewriteUpstreamLinks({ location }, slack).location).toBe(location);
    }
  });

  it('is what buildDownstreamHeaders applies when given the call', () => {
    expect(
      buildDownstreamHeaders(
        { location: 'https://api.github.com/user', 'set-cookie': 'a=b' },
        { accessToken: 'ghu_real_token_value', placeholder: `pb_secret_${ID}` },
        github,
      ),
    ).toEqual({ location: 'https://plugboard.example.com/proxy/github/user' });
  });
});
