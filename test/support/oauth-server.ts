import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { freePort } from './process';

export interface OAuthServer {
  issuer: string;
  authorizeUrl: string;
  tokenUrl: string;
  revocationUrl: string;
  /** Token-endpoint calls by grant type since start (or the last reset). */
  counts(): Promise<Record<string, number>>;
  count(grantType: string): Promise<number>;
  reset(): Promise<void>;
  /** Delays every token-endpoint answer (to make concurrent refreshes overlap). */
  setTokenDelay(ms: number): Promise<void>;
  /** The next authorization interaction ends with error=access_denied. */
  denyNext(): Promise<void>;
  /** Drives the authorization (auto-approved login + consent) and returns the redirect to redirect_uri. */
  authorize(authorizeUrl: string, redirectUri: string): Promise<URL>;
  close(): Promise<void>;
}

const SCRIPT = path.join(__dirname, 'oauth-server.mjs');

/** Starts oidc-provider (ESM only, so not importable under jest) as a child process on loopback. */
export async function startOAuthServer(options: { redirectUris: string[] }): Promise<OAuthServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [SCRIPT], {
    env: { ...process.env, PORT: String(port), REDIRECT_URIS: JSON.stringify(options.redirectUris) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`oauth-server did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('oauth-server ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`oauth-server exited with ${code}:\n${output}`));
    });
  });
  const issuer = `http://127.0.0.1:${port}`;
  const adminCall = async (name: string, body: unknown = {}) => {
    const response = await fetch(`${issuer}/__admin/${name}`, { method: 'POST', body: JSON.stringify(body) });
    return response.json() as Promise<any>;
  };
  const counts = async () => (await adminCall('counts')).counts as Record<string, number>;
  return {
    issuer,
    authorizeUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    revocationUrl: `${issuer}/token/revocation`,
    counts,
    count: async (grantType) => (await counts())[grantType] ?? 0,
    reset: async () => void (await adminCall('reset')),
    setTokenDelay: async (ms) => void (await adminCall('token-delay', { ms })),
    denyNext: async () => void (await adminCall('deny-next')),
    authorize: (authorizeUrl, redirectUri) => followAuthorization(authorizeUrl, redirectUri),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A browser in miniature: follows redirects by hand, keeping cookies, until the redirect_uri. */
async function followAuthorization(authorizeUrl: string, redirectUri: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizeUrl;
  for (let hop = 0; hop < 12; hop += 1) {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => /expires=Thu, 01 Jan 1970/i.test(attribute));
      if (!value || expired) jar.delete(name);
      else jar.set(name, value);
    }
    const location = response.headers.get('location');
    if (!location) throw new Error(`authorization stopped at ${response.status}: ${await response.text()}`);
    await response.arrayBuffer().catch(() => undefined);
    const next = new URL(location, url);
    if (next.href.startsWith(redirectUri)) return next;
    url = next.href;
  }
  throw new Error('authorization did not reach the redirect_uri');
}
