import * as fs from 'node:fs';
import * as path from 'node:path';
import { startApp, TestApp } from '../support/app';
import { http } from '../support/http';

const BUILT_INDEX = path.resolve(__dirname, '..', '..', 'dist', 'console', 'index.html');

describe('GET /console (the operator console, served by plugboard itself)', () => {
  let t: TestApp;
  beforeAll(async () => {
    if (!fs.existsSync(BUILT_INDEX)) throw new Error('dist/console is missing: run `npm run build` first');
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves index.html at /console and /console/ without caching it, with a same-origin CSP', async () => {
    for (const url of ['/console', '/console/']) {
      const page = await http(t.baseUrl, 'GET', url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(page.text).toContain('<div id="app"></div>');
    }
  });

  it('falls back to index.html for client-side routes such as /console/deliveries/<id>', async () => {
    const page = await http(
      t.baseUrl,
      'GET',
      '/console/deliveries/6f1c7a52-1111-4222-8333-944445555666?status=DEAD',
    );
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="app"></div>');
    expect(page.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves fingerprinted assets as immutable and answers 404 for a missing one', async () => {
    const index = await http(t.baseUrl, 'GET', '/console/');
    const scripts = [...index.text.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+)"/g)].map(
      (match) => match[1],
    );
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const asset of scripts) {
      const response = await http(t.baseUrl, 'GET', asset);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    const missing = await http(t.baseUrl, 'GET', '/console/assets/index-doesnotexist.js');
    expect(missing.status).toBe(404);
  });

  it('loads nothing from another origin (works offline)', async () => {
    const index = await http(t.baseUrl, 'GET', '/console/');
    expect(index.text).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });

  it('needs no API key to load the page, while the API behind it still does', async () => {
    expect((await http(t.baseUrl, 'GET', '/console/connections')).status).toBe(200);
    expect((await http(t.baseUrl, 'GET', '/v1/orgs')).status).toBe(401);
  });
});
