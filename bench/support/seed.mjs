// Seeding over plugboard's HTTP API (as a user would), and signing for the ingress schemes.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { request } from 'undici';
import { ADMIN_KEY } from '../lib.mjs';

export async function api(baseUrl, method, route, key, body) {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${route}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A new org and an org API key (`pbk_…`) for it, created by the operator. */
export async function createOrg(baseUrl, name = 'bench') {
  const org = await api(baseUrl, 'POST', '/v1/orgs', ADMIN_KEY, { name });
  const { key } = await api(baseUrl, 'POST', `/v1/orgs/${org.id}/api-keys`, ADMIN_KEY, {});
  return { orgId: org.id, key };
}

/** A provider and a connection imported with a valid access token (no refresh needed for a day). */
export async function seedConnection(baseUrl, { orgId, key }, { apiBaseUrl } = {}) {
  await api(baseUrl, 'POST', `/v1/orgs/${orgId}/providers`, key, {
    key: 'bench',
    authorizeUrl: 'http://127.0.0.1:9/authorize',
    tokenUrl: 'http://127.0.0.1:9/token',
    clientId: 'bench',
    clientSecret: 'bench-client-secret',
    scopes: [],
    ...(apiBaseUrl ? { apiBaseUrl } : {}),
  });
  return api(baseUrl, 'POST', `/v1/orgs/${orgId}/connections`, key, {
    provider: 'bench',
    tokens: { accessToken: 'bench-access-token', expiresIn: 86_400 },
  });
}

/**
 * Org → provider (apiBaseUrl = the upstream) → imported connection → agent → worker token →
 * placeholder; returns what a worker sends through the proxy.
 */
export async function seedProxyWorker(baseUrl, upstreamUrl) {
  const org = await createOrg(baseUrl, 'bench-proxy');
  const connection = await seedConnection(baseUrl, org, { apiBaseUrl: upstreamUrl });
  const agent = await api(baseUrl, 'POST', `/v1/orgs/${org.orgId}/agents`, org.key, { name: 'bench' });
  const base = `/v1/orgs/${org.orgId}/agents/${agent.id}`;
  const token = await api(baseUrl, 'POST', `${base}/worker-tokens`, org.key, {});
  const placeholder = await api(baseUrl, 'POST', `${base}/placeholders`, org.key, {
    connectionId: connection.id,
  });
  return {
    url: `${baseUrl}/proxy/bench/v1/items?limit=3`,
    headers: {
      'proxy-authorization': `Bearer ${token.token}`,
      authorization: `Bearer ${placeholder.placeholder}`,
    },
  };
}

/** A Standard Webhooks secret as providers issue them: `whsec_` + base64 of 24 random bytes. */
export const newStandardWebhooksSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, key = base64 after `whsec_`. */
export function signStandardWebhook(secret, id, timestamp, body) {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64')}`;
}

// The specification's published test vector: a wrong signer would turn the benchmark into a 401 benchmark.
if (
  signStandardWebhook(
    'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    'msg_p5jXN8AQM9LWM0D4loKWxJek',
    1614265330,
    '{"test": 2432232314}',
  ) !== 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
) {
  throw new Error('signStandardWebhook does not reproduce the Standard Webhooks test vector');
}

/**
 * An integration taking ingress with `scheme` (`none` or `standard-webhooks`) and delivering to
 * `deliveryUrl`; returns its ingress URL and the secret its provider signs with.
 */
export async function seedIntegration(baseUrl, { orgId, key }, { scheme, deliveryUrl }) {
  const secret = scheme === 'standard-webhooks' ? newStandardWebhooksSecret() : undefined;
  const instanceId = `bench-${randomUUID().slice(0, 8)}`;
  const integration = await api(baseUrl, 'POST', `/v1/orgs/${orgId}/integrations`, key, {
    name: `bench ${scheme}`,
    plugin: 'bench',
    instanceId,
    deliveryUrl,
    ingress: secret ? { scheme, secret } : { scheme },
  });
  // the instance id plugboard answers (it adds an unguessable suffix to the one chosen)
  return {
    id: integration.id,
    scheme,
    secret,
    url: `${baseUrl}/ingress/bench/${integration.instanceId}/events`,
  };
}

let sequence = 0;
/**
 * One ingress request as its provider would send it: a new JSON body every time (a new delivery,
 * never a duplicate) and, for `standard-webhooks`, a fresh `webhook-id` and a valid signature.
 */
export function ingressRequest(integration) {
  sequence += 1;
  const id = `msg_${process.pid}_${Date.now().toString(36)}_${sequence}`;
  const body = `{"type":"bench.event","id":"${id}","data":{"n":${sequence},"text":"benchmark payload"}}`;
  const headers = { 'content-type': 'application/json' };
  if (integration.scheme === 'standard-webhooks') {
    const timestamp = Math.floor(Date.now() / 1000);
    headers['webhook-id'] = id;
    headers['webhook-timestamp'] = String(timestamp);
    headers['webhook-signature'] = signStandardWebhook(integration.secret, id, timestamp, body);
  }
  return { headers, body };
}

// the claim names the connection the interaction was asked through; the table does not reference
// connections, so a fixed id serves (no Slack message is updated: the rows have no message ts)
export const INTERACTION_CONNECTION_ID = '00000000-0000-4000-8000-000000000001';

/**
 * `count` pending interactions of the org's integration `integrationId`, inserted with SQL (creating
 * one over HTTP posts to Slack); ids `<prefix>-1` … `<prefix>-<count>`, created `age` ago. The
 * integration must exist: a claim delivers the answer to it, as in production (with an id that
 * does not exist, every claim would end in an error log instead).
 */
export async function seedInteractions(
  databaseUrl,
  orgId,
  { integrationId, prefix = 'live', count, age = '0 seconds' },
) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO pending_interactions (id, organization_id, integration_id, connection_id, expected_user_id, channel, question, options, created_at)
       SELECT $5 || '-' || g, $1, $2, $3, 'U1', 'C1', 'q?', '["Yes","No"]', now() - $6::interval
       FROM generate_series(1, $4::int) g`,
      [orgId, integrationId, INTERACTION_CONNECTION_ID, count, prefix, age],
    );
    await client.query('ANALYZE pending_interactions');
  } finally {
    await client.end();
  }
}

/**
 * One claim of `<prefix>-<n>` over HTTP, as an agent answering an interaction; returns the status.
 * Sent with undici's `request`, not `fetch`: on a 2-core machine the load generator shares the cores
 * with plugboard and PostgreSQL, and `fetch` cost the benchmark process enough CPU to show in the
 * claims' tail (bench/RESULTS.md notes).
 */
export async function claimInteraction(baseUrl, { orgId, key }, id) {
  const response = await request(`${baseUrl}/v1/orgs/${orgId}/interactions/${id}/answer`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ connectionId: INTERACTION_CONNECTION_ID, userId: 'U1', answer: 'Yes' }),
  });
  await response.body.arrayBuffer();
  return response.statusCode;
}
