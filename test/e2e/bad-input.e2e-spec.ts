import { randomUUID } from 'node:crypto';
import * as net from 'node:net';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { http, HttpResult } from '../support/http';
import { seedIntegration, seedOrg } from '../support/seed';

/** Sends bytes on a raw socket and reads the whole answer (the server closes or the timeout ends it). */
function rawRequest(baseUrl: string, bytes: string | Buffer, timeoutMs = 5000): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.on('error', reject);
    socket.write(bytes);
  });
}

function parseRaw(text: string): { status: number; headers: Record<string, string>; body: any } {
  const [head, ...rest] = text.split('\r\n\r\n');
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(rest.join('\r\n')) };
}

function expectInvalid(result: HttpResult): void {
  expect(result.status).toBe(400);
  expect(result.body.error).toEqual({
    code: 'REQUEST.INVALID',
    message: expect.any(String),
    requestId: expect.any(String),
  });
  expect(result.headers.get('x-request-id')).toBe(result.body.error.requestId);
}

describe('bad input answers 4xx with x-request-id', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
    await closeSql();
  });

  describe('NUL characters in JSON strings', () => {
    it('answers 400 REQUEST.INVALID to POST /v1/orgs {"name":"\\u0000"} and stores no org', async () => {
      const name = `nul-${randomUUID()}\u0000`;
      const result = await http(t.baseUrl, 'POST', '/v1/orgs', { key: TEST_ADMIN_KEY, body: { name } });
      expectInvalid(result);
      const stored = await sql('SELECT id FROM organizations WHERE name LIKE $1', [`${name.slice(0, 40)}%`]);
      expect(stored).toEqual([]);
    });

    it('answers 400 REQUEST.INVALID to POST /v1/orgs/:id/api-keys {"name":"\\u0000"} and stores no key', async () => {
      const org = await seedOrg(t.baseUrl);
      const result = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/api-keys`, {
        key: TEST_ADMIN_KEY,
        body: { name: '\u0000' },
      });
      expectInvalid(result);
      const keys = await sql('SELECT id FROM api_keys WHERE organization_id = $1', [org.id]);
      expect(keys).toHaveLength(1);
    });

    it('answers 400 to a NUL in a nested string, an array item and an object key', async () => {
      const org = await seedOrg(t.baseUrl);
      const bodies = [
        {
          key: 'p',
          authorizeUrl: 'https://a.invalid/x',
          tokenUrl: 'https://a.invalid/t',
          clientId: 'c',
          clientSecret: 's',
          scopes: ['a\u0000'],
        },
        {
          name: 'x',
          plugin: 'generic',
          deliveryUrl: 'https://a.invalid/h',
          ingress: { scheme: 'none' },
          config: { 'k\u0000': 1 },
        },
      ];
      const routes = ['providers', 'integrations'];
      for (const [index, body] of bodies.entries()) {
        expectInvalid(
          await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/${routes[index]}`, { key: org.key, body }),
        );
      }
      expect(await sql('SELECT id FROM oauth_providers WHERE organization_id = $1', [org.id])).toEqual([]);
      expect(await sql('SELECT id FROM integrations WHERE organization_id = $1', [org.id])).toEqual([]);
    });
  });

  it('answers 400 to a webhook whose JSON holds a NUL character and stores no delivery', async () => {
    const org = await seedOrg(t.baseUrl);
    const integration = await seedIntegration(t.baseUrl, org);
    const result = await http(t.baseUrl, 'POST', `/ingress/generic/${integration.instanceId}/events`, {
      raw: '{"text":"a\\u0000b"}',
      headers: { 'content-type': 'application/json' },
    });
    expectInvalid(result);
    expect(await sql('SELECT id FROM deliveries WHERE integration_id = $1', [integration.id])).toEqual([]);
  });

  it('answers 400 to unpaired surrogate escapes and nesting deeper than PostgreSQL parses (jsonb refuses both)', async () => {
    const org = await seedOrg(t.baseUrl);
    const marker = `jsonb-${randomUUID()}`;
    const body = (config: string) =>
      `{"name":"${marker}","plugin":"generic","deliveryUrl":"https://a.invalid/h","ingress":{"scheme":"none"},"config":${config}}`;
    for (const config of [
      '{"a":"\\ud800"}',
      '{"a":"\\udc00 alone"}',
      `{"deep":${'['.repeat(3000)}${']'.repeat(3000)}}`,
    ]) {
      expectInvalid(
        await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/integrations`, {
          key: org.key,
          raw: body(config),
          headers: { 'content-type': 'application/json' },
        }),
      );
    }
    expect(await sql('SELECT id FROM integrations WHERE name = $1', [marker])).toEqual([]);
  });

  describe('invalid UTF-8 and malformed percent-encoding', () => {
    it('answers 400 to a JSON body that is not valid UTF-8 and stores nothing', async () => {
      const marker = `utf8-${randomUUID()}`;
      const raw = Buffer.concat([
        Buffer.from(`{"name":"${marker}`),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}'),
      ]);
      const result = await http(t.baseUrl, 'POST', '/v1/orgs', {
        key: TEST_ADMIN_KEY,
        raw,
        headers: { 'content-type': 'application/json' },
      });
      expectInvalid(result);
      expect(await sql('SELECT id FROM organizations WHERE name LIKE $1', [`${marker}%`])).toEqual([]);
    });

    it('answers 400 to a form body with malformed percent-encoding or a NUL', async () => {
      for (const raw of ['name=%ZZ', 'name=%E0%A4%A', 'name=%00', 'name=%C3%28']) {
        const result = await http(t.baseUrl, 'POST', '/v1/orgs', {
          key: TEST_ADMIN_KEY,
          raw,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        expectInvalid(result);
      }
    });

    it('answers 400 to malformed percent-encoding or a NUL in the path or the query of /v1 and /oauth', async () => {
      const org = await seedOrg(t.baseUrl);
      const paths = [
        `/v1/orgs/${org.id}/agents/%ZZ`,
        `/v1/orgs/${org.id}/agents/%E0%A4%A`,
        `/v1/orgs/${org.id}/agents/a%00b`,
        `/v1/orgs/${org.id}/ingress/deliveries?status=%ZZ`,
        `/v1/orgs/${org.id}/ingress/deliveries?cursor=a%00`,
        `/v1/orgs/${org.id}/ingress/deliveries?status=%C3%28`,
        '/oauth/callback?code=x&state=%ZZ',
        '/oauth/callback?code=%00&state=x',
      ];
      for (const path of paths) {
        const result = await http(t.baseUrl, 'GET', path, { key: org.key });
        expect({ path, status: result.status }).toEqual({ path, status: 400 });
        expectInvalid(result);
      }
    });
  });

  describe('x-request-id on answers produced before routing', () => {
    it('carries x-request-id equal to the body requestId on 404 for an unknown route', async () => {
      const result = await http(t.baseUrl, 'GET', '/nowhere');
      expect(result.status).toBe(404);
      expect(result.headers.get('x-request-id')).toBe(result.body.error.requestId);
    });

    it('carries x-request-id on 400 for a bad path encoding and on 414 for an oversized path parameter', async () => {
      const badPath = await http(t.baseUrl, 'GET', '/v1/orgs/%E0%A4%A');
      expect(badPath.status).toBe(400);
      expect(badPath.headers.get('x-request-id')).toBe(badPath.body.error.requestId);
      const longParam = await http(t.baseUrl, 'GET', `/v1/orgs/${'a'.repeat(2000)}`, { key: TEST_ADMIN_KEY });
      expect(longParam.status).toBe(414);
      expect(longParam.headers.get('x-request-id')).toBe(longParam.body.error.requestId);
    });

    it('carries x-request-id on 413 for a body over the limit', async () => {
      const result = await http(t.baseUrl, 'POST', '/v1/orgs', {
        key: TEST_ADMIN_KEY,
        raw: `{"name":"${'x'.repeat(2 * 1024 * 1024)}"}`,
        headers: { 'content-type': 'application/json' },
      });
      expect(result.status).toBe(413);
      expect(result.headers.get('x-request-id')).toBe(result.body.error.requestId);
    });

    it('carries x-request-id on 431 for oversized headers', async () => {
      const answer = parseRaw(
        await rawRequest(
          t.baseUrl,
          `GET /health/live HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(70_000)}\r\n\r\n`,
        ),
      );
      expect(answer.status).toBe(431);
      expect(answer.headers['x-request-id']).toBe(answer.body.error.requestId);
    });
  });
});
