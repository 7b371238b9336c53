import { randomUUID } from 'node:crypto';
import { TEST_ADMIN_KEY } from './app';
import { http } from './http';

export interface SeededOrg {
  id: string;
  name: string;
  key: string;
}

/** Each test works in its own org: isolation by tenant, not by truncating tables. */
export async function seedOrg(baseUrl: string, name = `org-${randomUUID().slice(0, 8)}`): Promise<SeededOrg> {
  const org = await http(baseUrl, 'POST', '/v1/orgs', { key: TEST_ADMIN_KEY, body: { name } });
  if (org.status !== 201) throw new Error(`seedOrg failed: ${org.status} ${org.text}`);
  const apiKey = await http(baseUrl, 'POST', `/v1/orgs/${org.body.id}/api-keys`, {
    key: TEST_ADMIN_KEY,
    body: {},
  });
  if (apiKey.status !== 201) throw new Error(`seedOrg key failed: ${apiKey.status} ${apiKey.text}`);
  return { id: org.body.id, name, key: apiKey.body.key };
}

export interface SeededIntegration {
  id: string;
  plugin: string;
  instanceId: string;
  deliverySecret: string;
  status: string;
}

/** Creates an integration over HTTP (201 expected); `overrides` replace fields of a generic default. */
export async function seedIntegration(
  baseUrl: string,
  org: SeededOrg,
  overrides: Record<string, unknown> = {},
): Promise<SeededIntegration> {
  const body = {
    name: 'test integration',
    plugin: 'generic',
    instanceId: `inst-${randomUUID().slice(0, 8)}`,
    deliveryUrl: 'http://127.0.0.1:9/hooks',
    ingress: { scheme: 'none' },
    ...overrides,
  };
  const created = await http(baseUrl, 'POST', `/v1/orgs/${org.id}/integrations`, { key: org.key, body });
  if (created.status !== 201) throw new Error(`seedIntegration failed: ${created.status} ${created.text}`);
  return created.body;
}
