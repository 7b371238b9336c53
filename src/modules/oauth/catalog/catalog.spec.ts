import { fillUrlParams, refreshUrlOf, urlParamNames } from '../provider-urls';
import { findTemplate, MCP_TEMPLATE, PROVIDER_TEMPLATES, quirksOf } from './catalog';
import { ProviderTemplate } from './provider-template';

const REQUIRED = [
  'slack',
  'github',
  'google',
  'microsoft',
  'notion',
  'linear',
  'atlassian',
  'hubspot',
  'salesforce',
  'zoom',
  'dropbox',
  'asana',
  'discord',
  'figma',
  'intercom',
  'shopify',
  'zendesk',
  'airtable',
  'gitlab',
  'box',
];

function urlsOf(template: ProviderTemplate): string[] {
  const refreshUrl = template.quirks.refreshPath
    ? refreshUrlOf(template.tokenUrl, template.quirks.refreshPath)
    : null;
  return [template.authorizeUrl, template.tokenUrl, template.apiBaseUrl, refreshUrl].filter(
    (url): url is string => typeof url === 'string',
  );
}

function filled(url: string): URL {
  const names = urlParamNames(url);
  return new URL(fillUrlParams(url, Object.fromEntries(names.map((name) => [name, 'acme']))));
}

describe('the provider catalog', () => {
  it('has every required provider once, under a slug name, and no "mcp" entry', () => {
    const names = PROVIDER_TEMPLATES.map((template) => template.template);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(REQUIRED));
    for (const name of names) expect(name).toMatch(/^[a-z0-9][a-z0-9_-]{0,63}$/);
    expect(findTemplate(MCP_TEMPLATE)).toBeUndefined();
  });

  describe.each(PROVIDER_TEMPLATES.map((template) => [template.template, template] as const))(
    '%s',
    (_name, template) => {
      it("keeps every URL on https and on the template's own domains", () => {
        for (const url of urlsOf(template)) {
          const parsed = filled(url);
          expect(parsed.protocol).toBe('https:');
          expect(parsed.username + parsed.password + parsed.port + parsed.search + parsed.hash).toBe('');
          const host = parsed.hostname;
          expect(template.domains.some((domain) => host === domain || host.endsWith(`.${domain}`))).toBe(
            true,
          );
        }
      });

      it('uses its params in the host of every URL that has one, and in no other position', () => {
        for (const url of urlsOf(template)) {
          for (const name of urlParamNames(url)) {
            expect(new URL(url.replaceAll(`{${name}}`, 'acme')).hostname.split('.')[0]).toBe('acme');
          }
        }
        const byUrl = [template.authorizeUrl, template.tokenUrl].map((url) => urlParamNames(url).join());
        expect(byUrl[0]).toBe(byUrl[1]);
      });

      it('is a confidential web client with a documentation link', () => {
        expect(['client_secret_post', 'client_secret_basic']).toContain(template.tokenAuthMethod);
        expect(new URL(template.docsUrl).protocol).toBe('https:');
        expect(template.name.length).toBeGreaterThan(0);
      });

      it('has an API base, or a token answer that names one per connection', () => {
        expect(template.apiBaseUrl !== null || template.quirks.apiBaseUrlFromTokenField !== undefined).toBe(
          true,
        );
      });
    },
  );

  it('gives hand-configured and MCP providers no quirks', () => {
    expect(quirksOf({ template: null })).toEqual({});
    expect(quirksOf({ template: MCP_TEMPLATE })).toEqual({});
    expect(quirksOf({ template: 'google' }).authorizeParams).toEqual({
      access_type: 'offline',
      prompt: 'consent',
    });
  });
});
