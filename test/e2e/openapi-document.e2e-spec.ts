import * as fs from 'node:fs';
import * as path from 'node:path';
import { startApp, TestApp } from '../support/app';
import { http } from '../support/http';

// `npm run openapi` runs this suite with UPDATE_OPENAPI=1 to rewrite docs/openapi.json (then the SDK
// is regenerated from it); CI runs it without, so a route whose OpenAPI changed without
// regenerating fails here.
const DOCUMENT_FILE = path.resolve(__dirname, '..', '..', 'docs', 'openapi.json');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

type Json = Record<string, any>;

function operations(document: Json): { path: string; method: string; operation: Json }[] {
  return Object.entries(document.paths as Json).flatMap(([route, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ path: route, method, operation: operation as Json })),
  );
}

function resolveResponse(document: Json, response: Json): Json {
  if (!response.$ref) return response;
  return document.components.responses[String(response.$ref).split('/').pop() as string];
}

describe('the OpenAPI document (GET /docs-json, committed as docs/openapi.json)', () => {
  let t: TestApp;
  let served: string;
  let document: Json;
  beforeAll(async () => {
    t = await startApp();
    const result = await http(t.baseUrl, 'GET', '/docs-json');
    if (result.status !== 200) throw new Error(`/docs-json answered ${result.status}`);
    document = JSON.parse(result.text) as Json;
    served = `${JSON.stringify(document, null, 2)}\n`;
  });
  afterAll(async () => {
    await t.close();
  });

  it('matches the committed docs/openapi.json (run `npm run openapi` when it does not)', () => {
    if (process.env.UPDATE_OPENAPI === '1') fs.writeFileSync(DOCUMENT_FILE, served);
    const committed = fs.existsSync(DOCUMENT_FILE) ? fs.readFileSync(DOCUMENT_FILE, 'utf8') : '';
    const isCurrent = committed === served;
    if (!isCurrent) console.warn('docs/openapi.json is stale: run `npm run openapi`');
    expect(isCurrent).toBe(true);
  });

  it('names every operation after its handler, in camelCase, once', () => {
    const ids = operations(document).map(({ operation }) => operation.operationId as string);
    expect(ids).toContain('listConnections');
    expect(ids).toContain('getMe');
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('answers every 4xx/5xx with the one ErrorBody component', () => {
    const schema = document.components.schemas.ErrorBody;
    expect(schema.properties.error.required).toEqual(['code', 'message', 'requestId']);
    for (const { path: route, method, operation } of operations(document)) {
      const errors = Object.entries(operation.responses as Json).filter(([status]) => /^[45]/.test(status));
      expect([route, method, errors.length > 0]).toEqual([route, method, true]);
      for (const [status, response] of errors) {
        const media = resolveResponse(document, response as Json).content['application/json'];
        expect([route, method, status, media.schema]).toEqual([
          route,
          method,
          status,
          { $ref: '#/components/schemas/ErrorBody' },
        ]);
      }
    }
  });

  it('types every response body and states every operation’s security', () => {
    const schemes = Object.keys(document.components.securitySchemes).sort();
    expect(schemes).toEqual(['operatorKey', 'orgKey', 'workerToken', 'workerTokenBearer']);
    expect(document.components.securitySchemes.workerToken).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'Proxy-Authorization',
    });
    for (const { path: route, method, operation } of operations(document)) {
      expect([route, method, Array.isArray(operation.security)]).toEqual([route, method, true]);
      for (const [status, response] of Object.entries(operation.responses as Json)) {
        for (const media of Object.values(
          (resolveResponse(document, response as Json).content ?? {}) as Json,
        )) {
          const schema = (media as Json).schema as Json;
          expect([route, method, status, Object.keys(schema).length > 0]).toEqual([
            route,
            method,
            status,
            true,
          ]);
        }
      }
    }
    const byId = Object.fromEntries(
      operations(document).map((entry) => [entry.operation.operationId, entry]),
    );
    expect(byId.createOrg.operation.security).toEqual([{ operatorKey: [] }]);
    expect(byId.listConnections.operation.security).toEqual([{ orgKey: [] }, { operatorKey: [] }]);
    expect(byId.checkLiveness.operation.security).toEqual([]);
    expect(byId.proxyGet.operation.security).toEqual([{ workerToken: [] }]);
    // pulling takes a key, or a worker token in Authorization
    for (const operationId of ['pullDeliveries', 'ackDeliveries']) {
      expect(byId[operationId].operation.security).toEqual([
        { orgKey: [] },
        { operatorKey: [] },
        { workerTokenBearer: [] },
      ]);
    }
    expect(document.components.securitySchemes.workerTokenBearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('describes every tag an operation uses', () => {
    const described = new Set((document.tags as Json[]).map((tag) => tag.name as string));
    for (const { operation } of operations(document)) {
      for (const tag of operation.tags as string[]) expect(described).toContain(tag);
    }
  });
});
