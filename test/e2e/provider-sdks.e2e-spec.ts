import { Octokit } from '@octokit/rest';
import { WebClient } from '@slack/web-api';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { startApp, TestApp } from '../support/app';
import { closeSql } from '../support/db';
import { http } from '../support/http';
import { createProxyWorker, ProxyWorker } from '../support/proxy-worker';
import { startPublicUrl } from '../support/public-url';
import { registerSecret } from '../support/secrets-audit';
import { SeededOrg, seedOrg } from '../support/seed';

interface ApiCall {
  method: string;
  url: string;
  authorization: string | undefined;
}

/** A loopback server answering like a provider's API, recording every call. */
async function startApi(
  handle: (request: IncomingMessage, body: string, response: ServerResponse, origin: string) => void,
): Promise<{ origin: string; calls: ApiCall[]; close(): Promise<void> }> {
  const calls: ApiCall[] = [];
  let origin = '';
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      calls.push({
        method: request.method ?? '',
        url: request.url ?? '',
        authorization: request.headers.authorization,
      });
      handle(request, body, response, origin);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const ISSUES = Array.from({ length: 5 }, (_, index) => ({
  id: index + 1,
  number: index + 1,
  title: `issue ${index + 1}`,
}));

/**
 * GitHub's REST API as far as pagination goes: pages of `per_page` issues, each answer with a `Link`
 * header of absolute URLs on the API's own origin (and, like GitHub, a `/repositories/<id>/…` path
 * for the following pages). `GET /repos/o/r/tarball` redirects, like GitHub, into the API and off it.
 */
function githubApi(request: IncomingMessage, _body: string, response: ServerResponse, origin: string): void {
  const url = new URL(request.url ?? '/', origin);
  if (url.pathname === '/repos/o/r/tarball') {
    response.writeHead(302, { location: `${origin}/repos/o/r/tarball/main` }).end();
    return;
  }
  if (url.pathname === '/repos/o/r/zipball') {
    response.writeHead(302, { location: 'https://codeload.github.com/o/r/legacy.zip/main' }).end();
    return;
  }
  if (url.pathname !== '/repos/o/r/issues' && url.pathname !== '/repositories/42/issues') {
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
    return;
  }
  const perPage = Number(url.searchParams.get('per_page') ?? 30);
  const page = Number(url.searchParams.get('page') ?? 1);
  const last = Math.ceil(ISSUES.length / perPage);
  const link = (n: number, rel: string) =>
    `<${origin}/repositories/42/issues?per_page=${perPage}&page=${n}>; rel="${rel}"`;
  const rels = [page < last ? link(page + 1, 'next') : null, link(last, 'last')].filter(Boolean).join(', ');
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', link: rels });
  response.end(JSON.stringify(ISSUES.slice((page - 1) * perPage, page * perPage)));
}

const CHANNELS = Array.from({ length: 5 }, (_, index) => ({
  id: `C0${index + 1}`,
  name: `channel-${index + 1}`,
}));

/** Slack's Web API as far as the SDK needs: cursor-paginated conversations.list, chat.postMessage. */
function slackApi(request: IncomingMessage, body: string, response: ServerResponse): void {
  const method = (request.url ?? '').split('?')[0].replace(/^\/api\//, '');
  const params = new URLSearchParams(body);
  const send = (payload: unknown): void => {
    response
      .writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
      .end(JSON.stringify(payload));
  };
  if (method === 'conversations.list') {
    const start = Number(params.get('cursor') || 0);
    const limit = Number(params.get('limit') || 100);
    const next = start + limit < CHANNELS.length ? String(start + limit) : '';
    return send({
      ok: true,
      channels: CHANNELS.slice(start, start + limit),
      response_metadata: { next_cursor: next },
    });
  }
  if (method === 'chat.postMessage') {
    return send({
      ok: true,
      channel: params.get('channel'),
      ts: '1700000000.000100',
      message: { text: params.get('text') },
    });
  }
  return send({ ok: false, error: 'unknown_method' });
}

/**
 * Provider SDKs as the agent worker, unchanged, pointed at /proxy/<key>/ with only a placeholder:
 * whatever the SDK follows (pagination links, redirects) must stay on the proxy.
 */
describe('provider SDKs through the secret proxy', () => {
  let t: TestApp;
  let publicUrl: Awaited<ReturnType<typeof startPublicUrl>>;
  let org: SeededOrg;
  let github: Awaited<ReturnType<typeof startApi>>;
  let slack: Awaited<ReturnType<typeof startApi>>;

  beforeAll(async () => {
    github = await startApi(githubApi);
    slack = await startApi(slackApi);
    publicUrl = await startPublicUrl(() => Number(new URL(t.baseUrl).port));
    t = await startApp({ PUBLIC_URL: publicUrl.url, PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600' });
    org = await seedOrg(t.baseUrl);
  });
  afterAll(async () => {
    await t.close();
    await publicUrl.close();
    await github.close();
    await slack.close();
    await closeSql();
  });

  /** A provider from the catalog whose API base is the local stand-in, an imported token, a worker. */
  async function connectTemplate(
    template: string,
    apiBaseUrl: string,
    accessToken: string,
  ): Promise<{ key: string; worker: ProxyWorker }> {
    const key = `${template}-${randomUUID().slice(0, 8)}`;
    const provider = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/providers`, {
      key: org.key,
      body: { key, template, clientId: 'sdk-client', clientSecret: 'sdk-client-secret', apiBaseUrl },
    });
    expect(provider.status).toBe(201);
    registerSecret(accessToken);
    const connection = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections`, {
      key: org.key,
      body: { provider: key, tokens: { accessToken } },
    });
    expect(connection.status).toBe(201);
    return { key, worker: await createProxyWorker(t.baseUrl, org, connection.body.id) };
  }

  /** The worker's fetch: adds its worker token and records every URL it called and everything it received. */
  function workerFetch(worker: ProxyWorker) {
    const urls: string[] = [];
    const received: string[] = [];
    const links: string[] = [];
    const fetchThroughProxy = async (
      input: string | URL | Request,
      init?: RequestInit,
    ): Promise<Response> => {
      const request = new Request(input, init);
      request.headers.set('proxy-authorization', `Bearer ${worker.token}`);
      urls.push(request.url);
      const response = await fetch(request);
      received.push(JSON.stringify([...response.headers]), await response.clone().text());
      links.push(response.headers.get('link') ?? '');
      return response;
    };
    return { fetchThroughProxy, urls, received, links };
  }

  it('Octokit paginate follows Link rel="next" through the proxy, with the real token only upstream', async () => {
    const realToken = `ghu_${randomUUID().replace(/-/g, '')}`;
    const { key, worker } = await connectTemplate('github', github.origin, realToken);
    const seen = workerFetch(worker);
    const octokit = new Octokit({
      auth: worker.placeholder,
      baseUrl: `${publicUrl.url}/proxy/${key}`,
      request: { fetch: seen.fetchThroughProxy },
    });

    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner: 'o',
      repo: 'r',
      per_page: 2,
    });

    expect(issues.map((issue) => issue.id)).toEqual([1, 2, 3, 4, 5]);
    // every page request reached the API through the proxy, carrying the real token…
    expect(github.calls.map((call) => call.url)).toEqual([
      '/repos/o/r/issues?per_page=2',
      '/repositories/42/issues?per_page=2&page=2',
      '/repositories/42/issues?per_page=2&page=3',
    ]);
    expect(github.calls.every((call) => call.authorization === `token ${realToken}`)).toBe(true);
    // …and the worker only ever called the proxy, and never saw the real token
    expect(seen.urls).toHaveLength(3);
    expect(seen.urls.every((url) => url.startsWith(`${publicUrl.url}/proxy/${key}/`))).toBe(true);
    expect(seen.urls.some((url) => url.startsWith(github.origin))).toBe(false);
    expect(seen.received.join('\n')).not.toContain(realToken);
    expect(seen.links[0]).toBe(
      `<${publicUrl.url}/proxy/${key}/repositories/42/issues?per_page=2&page=2>; rel="next", ` +
        `<${publicUrl.url}/proxy/${key}/repositories/42/issues?per_page=2&page=3>; rel="last"`,
    );
  });

  it('a redirect into the API base comes back pointing at the proxy; one elsewhere is left alone', async () => {
    const { key, worker } = await connectTemplate(
      'github',
      github.origin,
      `ghu_${randomUUID().replace(/-/g, '')}`,
    );
    const headers = {
      'proxy-authorization': `Bearer ${worker.token}`,
      authorization: `token ${worker.placeholder}`,
    };
    const inside = await http(t.baseUrl, 'GET', `/proxy/${key}/repos/o/r/tarball`, { headers });
    expect(inside.status).toBe(302);
    expect(inside.headers.get('location')).toBe(`${publicUrl.url}/proxy/${key}/repos/o/r/tarball/main`);
    const outside = await http(t.baseUrl, 'GET', `/proxy/${key}/repos/o/r/zipball`, { headers });
    expect(outside.status).toBe(302);
    expect(outside.headers.get('location')).toBe('https://codeload.github.com/o/r/legacy.zip/main');
  });

  it("Slack's WebClient posts and paginates through the proxy with only the placeholder", async () => {
    const realToken = `xoxb-${randomUUID()}`;
    const { key, worker } = await connectTemplate('slack', `${slack.origin}/api`, realToken);
    slack.calls.length = 0;
    const client = new WebClient(worker.placeholder, {
      slackApiUrl: `${publicUrl.url}/proxy/${key}/`,
      headers: { 'proxy-authorization': `Bearer ${worker.token}` },
      retryConfig: { retries: 0 },
    });

    const posted = await client.chat.postMessage({ channel: 'C01', text: 'hello from the agent' });
    expect(posted).toMatchObject({ ok: true, channel: 'C01', message: { text: 'hello from the agent' } });
    const names: string[] = [];
    for await (const page of client.paginate('conversations.list', { limit: 2 })) {
      for (const channel of (page as unknown as { channels: Array<{ name: string }> }).channels)
        names.push(channel.name);
    }
    expect(names).toEqual(CHANNELS.map((channel) => channel.name));
    expect(slack.calls.map((call) => call.url)).toEqual([
      '/api/chat.postMessage',
      '/api/conversations.list',
      '/api/conversations.list',
      '/api/conversations.list',
    ]);
    expect(slack.calls.every((call) => call.authorization === `Bearer ${realToken}`)).toBe(true);
  });
});
