import { http } from './http';
import { SeededOrg } from './seed';

/** Creates a provider in the org and returns its response body (fails the test on anything but 201). */
export async function createProvider(
  baseUrl: string,
  org: SeededOrg,
  overrides: Record<string, unknown> & { tokenUrl: string },
): Promise<any> {
  const body = {
    key: `p-${Math.random().toString(36).slice(2, 10)}`,
    authorizeUrl: 'http://127.0.0.1:9/authorize',
    clientId: 'client-1',
    clientSecret: 'client-secret-1',
    scopes: [],
    ...overrides,
  };
  const result = await http(baseUrl, 'POST', `/v1/orgs/${org.id}/providers`, { key: org.key, body });
  if (result.status !== 201) throw new Error(`createProvider: ${result.status} ${result.text}`);
  return result.body;
}

export async function importConnection(
  baseUrl: string,
  org: SeededOrg,
  providerKey: string,
  tokens: { accessToken: string; refreshToken?: string; expiresIn?: number } | undefined,
): Promise<any> {
  const result = await http(baseUrl, 'POST', `/v1/orgs/${org.id}/connections`, {
    key: org.key,
    body: tokens ? { provider: providerKey, tokens } : { provider: providerKey },
  });
  if (result.status !== 201) throw new Error(`importConnection: ${result.status} ${result.text}`);
  return result.body;
}
