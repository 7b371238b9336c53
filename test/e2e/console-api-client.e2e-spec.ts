import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startApp, TestApp } from '../support/app';
import { http } from '../support/http';

// `npm run console:api` runs this suite with UPDATE_CONSOLE_API=1 to rewrite the committed client
// types; CI runs it without, so a route whose OpenAPI changed without regenerating fails here.
const ROOT = path.resolve(__dirname, '..', '..');
const SCHEMA_FILE = path.join(ROOT, 'console', 'src', 'api', 'schema.d.ts');
const GENERATOR = path.join(ROOT, 'console', 'scripts', 'generate-api-schema.mjs');

/** openapi-typescript is ESM-only in practice (jest cannot load it), so it runs in its own node. */
function generateSchema(documentJson: string): string {
  const result = spawnSync(process.execPath, [GENERATOR], { input: documentJson, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openapi-typescript failed: ${result.stderr}`);
  return result.stdout;
}

describe('console API client generated from /docs-json', () => {
  let t: TestApp;
  let generated: string;
  beforeAll(async () => {
    t = await startApp();
    const document = await http(t.baseUrl, 'GET', '/docs-json');
    if (document.status !== 200) throw new Error(`/docs-json answered ${document.status}`);
    generated = generateSchema(document.text);
  });
  afterAll(async () => {
    await t.close();
  });

  it('matches the committed console/src/api/schema.d.ts (run `npm run console:api` when it does not)', () => {
    if (process.env.UPDATE_CONSOLE_API === '1') fs.writeFileSync(SCHEMA_FILE, generated);
    const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
    const isCurrent = committed === generated;
    if (!isCurrent) console.warn('console/src/api/schema.d.ts is stale: run `npm run console:api`');
    expect(isCurrent).toBe(true);
  });

  it('types the routes the console calls, with their path parameters', () => {
    expect(generated).toContain('"/v1/orgs": {');
    expect(generated).toContain('"/v1/orgs/{orgId}": {');
    expect(generated).toContain('"/health/ready": {');
    expect(generated).toMatch(/OrgResponseDto: \{[^}]*id: string;/);
  });
});
