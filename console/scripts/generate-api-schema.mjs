// Reads an OpenAPI document (JSON) on stdin and prints the console's typed client schema.
// Used by test/e2e/console-api-client.e2e-spec.ts (which `npm run console:api` runs in update mode);
// by hand: `curl -s localhost:3000/docs-json | node console/scripts/generate-api-schema.mjs`.
import openapiTS, { astToString } from 'openapi-typescript';

const BANNER = `/**
 * Generated from GET /docs-json by \`npm run console:api\` (openapi-typescript). Do not edit by hand:
 * test/e2e/console-api-client.e2e-spec.ts fails when this file is stale.
 */

`;

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const document = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const ast = await openapiTS(document, { alphabetize: true });
process.stdout.write(BANNER + astToString(ast));
