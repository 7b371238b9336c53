import * as fc from 'fast-check';
import {
  acceptInstanceUrl,
  checkConnectionParams,
  connectionApiBaseUrl,
  fillUrlParams,
  refreshUrlOf,
  urlParamNames,
} from './provider-urls';

const SHOP_URLS = [
  'https://{shop}.myshopify.com/admin/oauth/authorize',
  'https://{shop}.myshopify.com/admin/oauth/access_token',
  'https://{shop}.myshopify.com/admin/api',
];

describe('urlParamNames', () => {
  it('lists the distinct {name} parameters of every URL, sorted', () => {
    expect(urlParamNames(...SHOP_URLS)).toEqual(['shop']);
    expect(urlParamNames('https://{b}.x.com/{a}', null, 'https://{a}.y.com')).toEqual(['a', 'b']);
    expect(urlParamNames('https://slack.com/api')).toEqual([]);
  });
});

describe('checkConnectionParams', () => {
  it('accepts exactly the params the URLs need', () => {
    expect(checkConnectionParams(SHOP_URLS, { shop: 'acme-store' })).toEqual({ shop: 'acme-store' });
    expect(checkConnectionParams(['https://slack.com/api'], undefined)).toEqual({});
  });

  it('refuses a missing, unknown or malformed value with 400 naming the field', () => {
    expect(() => checkConnectionParams(SHOP_URLS, {})).toThrow('params.shop is required');
    expect(() => checkConnectionParams(SHOP_URLS, { shop: 'a', extra: 'b' })).toThrow('params.extra');
    expect(() => checkConnectionParams(['https://slack.com/api'], { shop: 'a' })).toThrow('takes no params');
  });

  it.each([
    ['a slash', 'acme/evil'],
    ['an at sign', 'evil.com@acme'],
    ['a colon', 'acme:8080'],
    ['a dot', 'evil.com'],
    ['a dot-only label', '.'],
    ['a double dot', '..'],
    ['a percent-encoding', 'acme%2f'],
    ['a question mark', 'acme?x='],
    ['a hash', 'acme#'],
    ['a space', 'ac me'],
    ['a backslash', 'acme\\evil'],
    ['nothing', ''],
    ['64 characters', 'a'.repeat(64)],
    ['a non-ASCII letter', 'аcme'],
  ])('refuses a value with %s', (_label, value) => {
    expect(() => checkConnectionParams(SHOP_URLS, { shop: value })).toThrow(
      'params.shop must match [A-Za-z0-9-]{1,63}',
    );
  });
});

describe('fillUrlParams', () => {
  it('fills the label and keeps the template host', () => {
    expect(fillUrlParams(SHOP_URLS[1], { shop: 'acme' })).toBe(
      'https://acme.myshopify.com/admin/oauth/access_token',
    );
    expect(fillUrlParams('http://127.0.0.1:4000/shops/{shop}/token', { shop: 'acme' })).toBe(
      'http://127.0.0.1:4000/shops/acme/token',
    );
  });

  it('returns a URL without params unchanged', () => {
    expect(fillUrlParams('https://slack.com/api', {})).toBe('https://slack.com/api');
  });

  it.each(['evil.com#', 'evil.com/', 'x@evil.com', 'evil.com:1', '..', ''])(
    'never lets %j through, even when the caller skipped the check',
    (value) => {
      expect(() => fillUrlParams(SHOP_URLS[0], { shop: value })).toThrow();
    },
  );
});

describe('fillUrlParams, for any value at all', () => {
  it('either refuses it or calls exactly one subdomain label of the template host', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (value) => {
        let filled: string;
        try {
          filled = fillUrlParams(SHOP_URLS[0], { shop: value });
        } catch {
          return true;
        }
        const url = new URL(filled);
        return (
          url.protocol === 'https:' &&
          url.port === '' &&
          url.username === '' &&
          /^[a-z0-9-]{1,63}\.myshopify\.com$/.test(url.hostname) &&
          url.pathname === '/admin/oauth/authorize'
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe('acceptInstanceUrl', () => {
  const salesforce = {
    domains: ['salesforce.com'],
    tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
  };

  it("accepts an https URL on the template's domains and returns its origin", () => {
    expect(acceptInstanceUrl('https://acme.my.salesforce.com', salesforce)).toBe(
      'https://acme.my.salesforce.com',
    );
    expect(acceptInstanceUrl('https://na1.salesforce.com/some/path?x=1', salesforce)).toBe(
      'https://na1.salesforce.com',
    );
  });

  it.each([
    ['another domain', 'https://evil.example'],
    ['a look-alike suffix', 'https://evilsalesforce.com'],
    ['the domain as a subdomain elsewhere', 'https://salesforce.com.evil.example'],
    ['plain http', 'http://acme.my.salesforce.com'],
    ['credentials', 'https://user:pw@acme.my.salesforce.com'],
    ['not a URL', 'acme.my.salesforce.com'],
    ['not a string', 42],
  ])('refuses %s', (_label, value) => {
    expect(acceptInstanceUrl(value, salesforce)).toBeNull();
  });

  it('accepts the host that issued the token (a provider with overridden URLs)', () => {
    const local = { domains: ['salesforce.com'], tokenUrl: 'http://127.0.0.1:4000/token' };
    expect(acceptInstanceUrl('http://127.0.0.1:5000', local)).toBe('http://127.0.0.1:5000');
    expect(acceptInstanceUrl('http://127.0.0.2:5000', local)).toBeNull();
    expect(acceptInstanceUrl('https://127.0.0.1:5000', local)).toBeNull();
  });
});

describe('refreshUrlOf', () => {
  it('resolves the refresh path next to the token URL, overridden or not', () => {
    expect(refreshUrlOf('https://api.figma.com/v1/oauth/token', 'refresh')).toBe(
      'https://api.figma.com/v1/oauth/refresh',
    );
    expect(refreshUrlOf('http://127.0.0.1:4000/v1/oauth/token', 'refresh')).toBe(
      'http://127.0.0.1:4000/v1/oauth/refresh',
    );
  });

  it('refuses anything that could leave the token origin', () => {
    for (const path of ['//evil.example/x', 'https://evil.example/x', '../../x', '/abs', 'a\\b', '']) {
      expect(() => refreshUrlOf('https://api.figma.com/v1/oauth/token', path)).toThrow();
    }
  });
});

describe('connectionApiBaseUrl', () => {
  it("prefers the connection's own API base, then the provider's with params filled in", () => {
    const provider = { apiBaseUrl: 'https://{shop}.myshopify.com/admin/api' };
    expect(connectionApiBaseUrl(provider, { apiBaseUrl: null, params: { shop: 'acme' } })).toBe(
      'https://acme.myshopify.com/admin/api',
    );
    expect(connectionApiBaseUrl(provider, { apiBaseUrl: 'https://x.example', params: null })).toBe(
      'https://x.example',
    );
    expect(connectionApiBaseUrl(provider, { apiBaseUrl: null, params: null })).toBeNull();
    expect(connectionApiBaseUrl({ apiBaseUrl: null }, { apiBaseUrl: null, params: null })).toBeNull();
  });
});
