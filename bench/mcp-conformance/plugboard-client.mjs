// The "client under test" for @modelcontextprotocol/conformance's OAuth-client scenarios: plugboard
// itself. The conformance runner starts a scenario's MCP server (with its authorization server) and
// runs `node plugboard-client.mjs <server-url>`. This script does what an org and its agent would:
// create a provider with template "mcp" for that server (plugboard discovers, registers, and sends
// PKCE and the resource), authorize (the scenario's authorization endpoint approves at once),
// complete plugboard's /oauth/callback, then connect the official MCP SDK client as the agent worker
// through /proxy/<key> with only a worker token and a placeholder, and list and call the tools.
//
// Env: PLUGBOARD (base URL of a running plugboard), PLUGBOARD_ADMIN_KEY, PLUGBOARD_ORG_ID and
// PLUGBOARD_ORG_KEY (set by run.mjs); MCP_CONFORMANCE_SCENARIO and MCP_CONFORMANCE_CONTEXT (set by
// the conformance runner).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { randomUUID } from 'node:crypto';

const serverUrl = process.argv[2];
const base = process.env.PLUGBOARD;
const org = process.env.PLUGBOARD_ORG_ID;
const key = process.env.PLUGBOARD_ORG_KEY;
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}');

async function api(method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (response.status >= 400) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return parsed;
}

/** Follows the authorization like a browser until it comes back to plugboard's callback. */
async function approve(authorizeUrl) {
  let url = authorizeUrl;
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(url, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (!location) throw new Error(`authorization stopped at ${response.status}: ${await response.text()}`);
    const next = new URL(location, url);
    if (next.pathname === '/oauth/callback') return next.search;
    url = next.href;
  }
  throw new Error('authorization did not come back to the callback');
}

async function main() {
  const providerKey = `mcp-${randomUUID().slice(0, 8)}`;
  const preRegistered = context.client_id
    ? {
        clientId: context.client_id,
        ...(context.client_secret ? { clientSecret: context.client_secret } : {}),
      }
    : {};
  await api('POST', `/v1/orgs/${org}/providers`, {
    key: providerKey,
    template: 'mcp',
    mcpServerUrl: serverUrl,
    ...preRegistered,
  });
  const started = await api('POST', `/v1/orgs/${org}/connections/authorize`, { provider: providerKey });
  const callback = await fetch(`${base}/oauth/callback${await approve(started.authorizeUrl)}`);
  if (callback.status !== 200) throw new Error(`callback → ${callback.status} ${await callback.text()}`);
  const { connectionId } = await callback.json();

  const agent = await api('POST', `/v1/orgs/${org}/agents`, { name: 'conformance-worker' });
  const workerToken = await api('POST', `/v1/orgs/${org}/agents/${agent.id}/worker-tokens`, {});
  const placeholder = await api('POST', `/v1/orgs/${org}/agents/${agent.id}/placeholders`, { connectionId });

  const transport = new StreamableHTTPClientTransport(new URL(`${base}/proxy/${providerKey}`), {
    requestInit: {
      headers: {
        'proxy-authorization': `Bearer ${workerToken.token}`,
        authorization: `Bearer ${placeholder.placeholder}`,
      },
    },
  });
  const client = new Client({ name: 'plugboard-conformance-worker', version: '1.0.0' });
  await client.connect(transport);
  const { tools } = await client.listTools();
  for (const tool of tools) await client.callTool({ name: tool.name, arguments: {} }).catch(() => undefined);
  await client.close();
  console.log(
    `connected ${providerKey} (${connectionId}); tools: ${tools.map((tool) => tool.name).join(', ')}`,
  );
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
