// Generates the SDK's typed layer from docs/openapi.json:
//   src/generated/schema.ts      every path, operation and schema as types (openapi-typescript)
//   src/generated/operations.ts  one typed method per operation, named by its operationId
// `npm run sdk:generate` (also run by `npm run openapi`) writes them; `--check` exits 1 when the
// committed files differ, which test/sdk/sdk-generated.e2e-spec.ts asserts in CI.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const SDK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOCUMENT = path.resolve(SDK, '..', 'docs', 'openapi.json');
const OUT = path.join(SDK, 'src', 'generated');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];
const BANNER = `/**
 * Generated from docs/openapi.json by \`npm run sdk:generate\`. Do not edit by hand:
 * test/sdk/sdk-generated.e2e-spec.ts fails when this file is stale.
 */
`;

/**
 * The SDK calls what a key holder calls: every operation secured by an org or operator key, and the
 * public reads (health, metrics). The proxy (a worker token, any body) and ingress (a provider's raw
 * signed body) are called by other parties with their own tools.
 */
function isClientOperation(method, operation) {
  const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
  if (schemes.includes('orgKey') || schemes.includes('operatorKey')) return true;
  return schemes.length === 0 && method === 'get';
}

function successResponse(operation) {
  const status = Object.keys(operation.responses).find((code) => /^2\d\d$/.test(code));
  if (!status) throw new Error(`${operation.operationId} has no 2xx response`);
  const content = operation.responses[status].content ?? {};
  if (content['application/json']) return { status, parseAs: 'json' };
  if (content['text/plain']) return { status, parseAs: 'text' };
  if (Object.keys(content).length === 0) return { status, parseAs: 'none' };
  throw new Error(`${operation.operationId}: unsupported response media ${Object.keys(content)}`);
}

function pascal(name) {
  return name[0].toUpperCase() + name.slice(1);
}

function describeOperations(document) {
  const described = [];
  for (const [route, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation || !isClientOperation(method, operation)) continue;
      const id = operation.operationId;
      const parameters = operation.parameters ?? [];
      const pathParams = parameters.filter((p) => p.in === 'path').map((p) => p.name);
      const queryParams = parameters.filter((p) => p.in === 'query').map((p) => p.name);
      const clash = pathParams.find((name) => queryParams.includes(name) || name === 'body');
      if (clash) throw new Error(`${id}: parameter ${clash} appears twice`);
      const body = operation.requestBody?.content?.['application/json'] ? operation.requestBody : undefined;
      described.push({
        id,
        method,
        route,
        summary: operation.summary ?? '',
        pathParams,
        queryParams,
        queryRequired: parameters.some((p) => p.in === 'query' && p.required),
        body: body ? { required: body.required === true } : undefined,
        ...successResponse(operation),
      });
    }
  }
  return described.sort((a, b) => a.id.localeCompare(b.id));
}

function renderOperations(operations) {
  const lines = [BANNER, "import type { operations } from './schema';", ''];
  for (const op of operations) {
    const ref = `operations['${op.id}']`;
    const parts = [];
    if (op.pathParams.length > 0) parts.push(`${ref}['parameters']['path']`);
    if (op.queryParams.length > 0) {
      parts.push(
        op.queryRequired ? `${ref}['parameters']['query']` : `NonNullable<${ref}['parameters']['query']>`,
      );
    }
    if (op.body) {
      const content = `NonNullable<${ref}['requestBody']>['content']['application/json']`;
      parts.push(op.body.required ? `{ body: ${content} }` : `{ body?: ${content} }`);
    }
    lines.push(`/** Input of \`${op.id}\`: path and query parameters by name, and the JSON \`body\`. */`);
    lines.push(
      `export type ${pascal(op.id)}Input = ${parts.length ? parts.join(' & ') : 'Record<string, never>'};`,
    );
    const result =
      op.parseAs === 'none'
        ? 'void'
        : op.parseAs === 'text'
          ? 'string'
          : `${ref}['responses']['${op.status}']['content']['application/json']`;
    lines.push(`/** What \`${op.id}\` answers with ${op.status}. */`);
    lines.push(`export type ${pascal(op.id)}Result = ${result};`);
    lines.push('');
  }
  lines.push('/** How each operation is called: method, path template, and where its inputs go. */');
  lines.push('export const OPERATIONS = {');
  for (const op of operations) {
    lines.push(`  ${op.id}: {`);
    lines.push(`    method: '${op.method.toUpperCase()}',`);
    lines.push(`    path: '${op.route}',`);
    lines.push(`    pathParams: [${op.pathParams.map((name) => `'${name}'`).join(', ')}],`);
    lines.push(`    queryParams: [${op.queryParams.map((name) => `'${name}'`).join(', ')}],`);
    lines.push(`    hasBody: ${op.body ? 'true' : 'false'},`);
    lines.push(`    parseAs: '${op.parseAs}',`);
    lines.push('  },');
  }
  lines.push('} as const;');
  lines.push('');
  lines.push('/** One typed method per operation of the API, named by its operationId. */');
  lines.push('export interface Operations {');
  for (const op of operations) {
    const name = pascal(op.id);
    const optional = op.pathParams.length === 0 && !op.queryRequired && !op.body?.required;
    lines.push(
      `  /** ${op.summary.replace(/\*\//g, '*\\/')} (\`${op.method.toUpperCase()} ${op.route}\`) */`,
    );
    lines.push(
      `  ${op.id}(input${optional ? '?' : ''}: ${name}Input, options?: RequestOptions): Promise<${name}Result>;`,
    );
  }
  lines.push('}');
  lines.push('');
  lines.push('/** Per-call options: extra headers, an AbortSignal. */');
  lines.push('export interface RequestOptions {');
  lines.push('  headers?: Record<string, string>;');
  lines.push('  signal?: AbortSignal;');
  lines.push('}');
  lines.push('');
  return lines.join('\n');
}

const document = JSON.parse(fs.readFileSync(DOCUMENT, 'utf8'));
const schema =
  BANNER + '\n' + astToString(await openapiTS(document, { alphabetize: true, defaultNonNullable: false }));
const files = {
  'schema.ts': schema,
  'operations.ts': renderOperations(describeOperations(document)),
};

if (process.argv.includes('--check')) {
  const stale = Object.entries(files).filter(
    ([name, text]) =>
      !fs.existsSync(path.join(OUT, name)) || fs.readFileSync(path.join(OUT, name), 'utf8') !== text,
  );
  for (const [name] of stale)
    console.error(`sdk/src/generated/${name} is stale: run \`npm run sdk:generate\``);
  process.exit(stale.length > 0 ? 1 : 0);
}
fs.mkdirSync(OUT, { recursive: true });
for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(OUT, name), text);
console.log(
  `wrote ${Object.keys(files)
    .map((name) => `sdk/src/generated/${name}`)
    .join(', ')}`,
);
