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
