import fc from 'fast-check';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { seedOrg, SeededOrg } from '../support/seed';

/**
 * Bad-input fuzzer over every route in /docs-json: random JSON, wrong types, huge strings, deep
 * nesting, invalid UTF-8, unknown fields and bad ids must never produce a 500, a stack trace or SQL
 * text, and every error must have the API.md shape. CI runs a fixed seed; `npm run fuzz` runs longer
 * with a random seed (FUZZ_RUNS, FUZZ_SEED).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const ERROR_CODE = /^[A-Z][A-Z_]*\.[A-Z][A-Z_]*$/;
const LEAKS =
  /\n\s+at |QueryFailedError|syntax error at|INSERT INTO|SELECT .* FROM|duplicate key value|violates .* constraint|TypeError|ReferenceError/;

interface Operation {
  method: string;
  path: string;
}

// Hostnames under .invalid never resolve (RFC 2606), so URL-shaped input never leaves the machine.
const urlish = fc.constantFrom(
  'https://x.invalid/a',
  'http://127.0.0.1:1/',
  'ftp://nope.invalid',
  'not a url',
  '//evil.invalid',
);
const weirdString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constant('x'.repeat(70_000)),
  fc.constant("'; DROP TABLE organizations; --"),
  fc.constant('\u0000\uffff\ud800'),
  fc.constant('../../etc/passwd'),
  urlish,
);
const leaf = fc.oneof(weirdString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const deep = fc.integer({ min: 50, max: 400 }).map((depth) => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: [value] };
  return value;
});
const jsonBody = fc.oneof(
  fc.dictionary(
    fc.string({ maxLength: 12 }),
    fc.oneof(
      leaf,
      fc.array(leaf, { maxLength: 4 }),
      fc.dictionary(fc.string({ maxLength: 6 }), leaf, { maxKeys: 3 }),
    ),
    { maxKeys: 8 },
  ),
  fc.array(leaf, { maxLength: 5 }),
  leaf,
  deep,
);
const badId = fc.oneof(
  fc.uuid(),
  fc.constantFrom('not-a-uuid', '0', '%00', 'null', '..', 'x'.repeat(300), "1'or'1"),
);

function fillPath(template: string, org: SeededOrg, ids: { org: boolean; id: string }): string {
  return template
    .replace('{orgId}', ids.org ? org.id : encodeURIComponent(ids.id))
    .replace(/\{[^}]+\}/g, () => encodeURIComponent(ids.id));
}

function assertSafe(operation: Operation, status: number, text: string): void {
  const where = `${operation.method} ${operation.path} → ${status}: ${text.slice(0, 300)}`;
  if (status >= 500 && ![502, 503, 504].includes(status)) throw new Error(`server error ${where}`);
  if (LEAKS.test(text)) throw new Error(`internal detail leaked ${where}`);
  if (status >= 400) {
    let body: { error?: { code?: unknown; message?: unknown; requestId?: unknown } };
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`error body is not JSON ${where}`);
    }
    const error = body.error;
    if (
      !error ||
      typeof error.code !== 'string' ||
      !ERROR_CODE.test(error.code) ||
      typeof error.message !== 'string' ||
      typeof error.requestId !== 'string'
    ) {
      throw new Error(`error body not in the API.md shape ${where}`);
    }
  }
}

describe('bad-input fuzzer over /docs-json', () => {
  let t: TestApp;
  let org: SeededOrg;
  let operations: Operation[];

  beforeAll(async () => {
    // private upstreams refused: nothing the fuzzer sends can make plugboard call loopback services
    t = await startApp({ ALLOW_PRIVATE_UPSTREAMS: 'false', INGRESS_MAX_BODY_BYTES: '65536' });
    org = await seedOrg(t.baseUrl);
    const docs = (await (await fetch(`${t.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(docs.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    );
  });
  afterAll(() => t.close());

  it('finds routes to fuzz', () => {
    expect(operations.length).toBeGreaterThan(5);
  });

  it('never answers 500, never leaks internals, always uses the error shape (JSON bodies)', async () => {
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(
          jsonBody,
          fc.record({ org: fc.boolean(), id: badId }),
          fc.constantFrom('org', 'admin', 'none', 'garbage'),
          fc.dictionary(fc.constantFrom('limit', 'cursor', 'status', 'integrationId', 'x'), weirdString, {
            maxKeys: 3,
          }),
          async (body, ids, who, query) => {
            const key = { org: org.key, admin: TEST_ADMIN_KEY, none: undefined, garbage: 'pbk_garbage' }[who];
            const search = new URLSearchParams(query as Record<string, string>).toString();
            const url = `${t.baseUrl}${fillPath(operation.path, org, ids)}${search ? `?${search}` : ''}`;
            const hasBody = !['GET', 'DELETE', 'HEAD'].includes(operation.method);
            const response = await fetch(url, {
              method: operation.method,
              headers: {
                ...(key ? { authorization: `Bearer ${key}` } : {}),
                ...(hasBody ? { 'content-type': 'application/json' } : {}),
              },
              body: hasBody ? JSON.stringify(body) : undefined,
              redirect: 'manual',
            });
            assertSafe(operation, response.status, await response.text());
          },
        ),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
  }, 300_000);

  it('answers invalid UTF-8, truncated JSON and wrong content types with 4xx in the error shape', async () => {
    const bodies: Array<[string, Buffer | string]> = [
      ['application/json', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
      ['application/json', '{"name":'],
      ['application/json', '[]'.repeat(10)],
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', 'a=%ZZ'],
    ];
    for (const operation of operations.filter(
      (op) => op.method === 'POST' || op.method === 'PATCH' || op.method === 'PUT',
    )) {
      for (const [contentType, body] of bodies) {
        const response = await fetch(
          `${t.baseUrl}${fillPath(operation.path, org, { org: true, id: org.id })}`,
          {
            method: operation.method,
            headers: { authorization: `Bearer ${org.key}`, 'content-type': contentType },
            body,
          },
        );
        assertSafe(operation, response.status, await response.text());
      }
    }
  }, 120_000);
});
