import { request as httpRequest } from 'node:http';
import { TestApp } from '../support/app';
import { EchoUpstream } from '../support/echo-upstream';
import { FakeTokenEndpoint } from '../support/fake-token-endpoint';
import { http } from '../support/http';
import { freePort } from '../support/process';
import {
  ConnectedWorker,
  connectWorker,
  proxy,
  rawProxy,
  useSecretProxyHarness,
} from '../support/secret-proxy-harness';

describe('secret proxy over HTTP: forwarding', () => {
  const running = useSecretProxyHarness();
  let t: TestApp;
  let upstream: EchoUpstream;
  let tokenEndpoint: FakeTokenEndpoint;
  beforeAll(() => ({ t, upstream, tokenEndpoint } = running()));

  describe('forwarding', () => {
    let worker: ConnectedWorker;
    beforeAll(async () => {
      worker = await connectWorker(t.baseUrl, {
        apiBaseUrl: `${upstream.url}/api`,
        tokenUrl: tokenEndpoint.url,
      });
    });

    it('sends the real token upstream and none of the stripped headers, and returns the answer', async () => {
      const result = await rawProxy(t.baseUrl, `/proxy/${worker.providerKey}/users/42?expand=teams`, {
        'proxy-authorization': `Bearer ${worker.token}`,
        authorization: `Bearer ${worker.placeholder}`,
        cookie: 'session=worker',
        'x-forwarded-for': '10.1.2.3',
        'x-forwarded-host': 'internal.example',
        forwarded: 'for=10.1.2.3',
        connection: 'x-hop-header',
        'x-hop-header': 'hop',
        'x-custom': worker.placeholder,
        accept: 'application/json',
      });
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({ method: 'GET', url: '/api/users/42?expand=teams' });
      expect(result.headers.get('set-cookie')).toBeNull();
      const seen = upstream.last();
      expect(upstream.count).toBe(1);
      expect(seen.headers.authorization).toBe(`Bearer ${worker.accessToken}`);
      expect(seen.headers.accept).toBe('application/json');
      expect(seen.headers['x-custom']).toBe(worker.placeholder);
      for (const stripped of [
        'proxy-authorization',
        'cookie',
        'x-forwarded-for',
        'x-forwarded-host',
        'forwarded',
        'x-hop-header',
      ]) {
        expect(seen.headers[stripped]).toBeUndefined();
      }
      expect(seen.headers.host).toBe(`127.0.0.1:${upstream.port}`);
    });

    it('substitutes a placeholder in x-api-key and forwards a JSON body with its content type', async () => {
      const result = await http(t.baseUrl, 'POST', `/proxy/${worker.providerKey}/chat.postMessage`, {
        headers: { 'proxy-authorization': `Bearer ${worker.token}`, 'x-api-key': worker.placeholder },
        body: { channel: 'C1', text: 'hello' },
      });
      expect(result.status).toBe(200);
      const seen = upstream.last();
      expect(seen.headers['x-api-key']).toBe(worker.accessToken);
      expect(seen.headers['content-type']).toBe('application/json');
      expect(seen.bodyText).toBe(JSON.stringify({ channel: 'C1', text: 'hello' }));
    });

    it('writes one audit line per call without header values and counts it in the metrics', async () => {
      await proxy(t.baseUrl, `/proxy/${worker.providerKey}/x`, { placeholder: worker.placeholder });
      const before = t.logs.lines.length;
      await proxy(t.baseUrl, `/proxy/${worker.providerKey}/audited?secret=query`, {
        workerToken: worker.token,
        placeholder: worker.placeholder,
      });
      const lines = t.logs.lines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
      const audit = lines.filter((line) => line.msg === 'secret proxy call');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        orgId: worker.org.id,
        agentId: worker.agentId,
        provider: worker.providerKey,
        method: 'GET',
        path: '/audited',
        status: 200,
        upstreamMs: expect.any(Number),
      });
      const text = t.logs.text();
      for (const secret of [worker.token, worker.placeholder, worker.accessToken, 'secret=query'])
        expect(text).not.toContain(secret);
      const metrics = await http(t.baseUrl, 'GET', '/metrics');
      expect(metrics.text).toContain('secret_proxy_requests_total{status_class="2xx"}');
      expect(metrics.text).not.toContain(worker.providerKey);
      expect(metrics.text).toContain('secret_proxy_upstream_duration_seconds_bucket');
      expect(metrics.text).toContain('secret_proxy_refusals_total{reason="unauthenticated"}');
    });

    it('forwards HEAD and PATCH with the method unchanged', async () => {
      const head = await proxy(t.baseUrl, `/proxy/${worker.providerKey}/resource`, {
        workerToken: worker.token,
        placeholder: worker.placeholder,
        method: 'HEAD',
      });
      expect(head.status).toBe(200);
      expect(upstream.last().method).toBe('HEAD');
      const patch = await proxy(t.baseUrl, `/proxy/${worker.providerKey}/resource`, {
        workerToken: worker.token,
        placeholder: worker.placeholder,
        method: 'PATCH',
      });
      expect(patch.body).toMatchObject({ method: 'PATCH', url: '/api/resource' });
    });

    it('returns an upstream 302 as is and does not follow it', async () => {
      const result = await proxy(t.baseUrl, `/proxy/${worker.providerKey}/redirect`, {
        workerToken: worker.token,
        placeholder: worker.placeholder,
      });
      expect(result.status).toBe(302);
      expect(result.headers.get('location')).toBe(`${upstream.url}/redirect-target`);
      expect(upstream.countPath('/redirect-target')).toBe(0);
      expect(upstream.countPath('/api/redirect')).toBe(1);
    });

    it('streams a 20 MB upload: the upstream sees the first bytes before the worker has sent the rest', async () => {
      const total = 20 * 1024 * 1024;
      const chunk = Buffer.alloc(1024 * 1024, 0x62);
      const firstBytesUpstream = new Promise<void>((resolve) => {
        const listener = (url: string) => {
          if (url === '/api/upload') {
            upstream.progress.off('chunk', listener);
            resolve();
          }
        };
        upstream.progress.on('chunk', listener);
      });
      const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = httpRequest(
          `${t.baseUrl}/proxy/${worker.providerKey}/upload`,
          {
            method: 'PUT',
            headers: {
              'proxy-authorization': `Bearer ${worker.token}`,
              authorization: `Bearer ${worker.placeholder}`,
              'content-type': 'application/octet-stream',
              'content-length': String(total),
            },
          },
          (res) => {
            let body = '';
            res.on('data', (data: Buffer) => (body += data.toString('utf8')));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        request.on('error', reject);
        request.write(chunk);
        void firstBytesUpstream.then(async () => {
          for (let sent = chunk.length; sent < total; sent += chunk.length) {
            if (!request.write(chunk)) await new Promise((resolve) => request.once('drain', resolve));
          }
          request.end();
        });
      });
      const result = await response;
      expect(result.status).toBe(200);
      const seen = upstream.last();
      expect(seen.bodyBytes).toBe(total);
      expect(seen.headers['content-type']).toBe('application/octet-stream');
    });

    it('streams a 20 MB download: the worker gets the first bytes before the upstream has sent the rest', async () => {
      const total = 20 * 1024 * 1024;
      let releaseRest!: () => void;
      const workerHasFirstBytes = new Promise<void>((resolve) => (releaseRest = resolve));
      upstream.respondWith(async (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(1024 * 1024, 0x63);
        response.write(chunk);
        await workerHasFirstBytes;
        for (let sent = chunk.length; sent < total; sent += chunk.length) {
          if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve));
        }
        response.end();
      });
      const received = await new Promise<{ status: number; bytes: number }>((resolve, reject) => {
        const request = httpRequest(
          `${t.baseUrl}/proxy/${worker.providerKey}/download`,
          {
            headers: {
              'proxy-authorization': `Bearer ${worker.token}`,
              authorization: `Bearer ${worker.placeholder}`,
            },
          },
          (res) => {
            let bytes = 0;
            res.on('data', (data: Buffer) => {
              bytes += data.length;
              releaseRest();
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
          },
        );
        request.on('error', reject);
        request.end();
      });
      expect(received).toEqual({ status: 200, bytes: total });
    });

    it('answers 504 UPSTREAM_TIMEOUT when the upstream never answers (the client waits 15 s for headers)', async () => {
      // accepts the request and never answers
      upstream.respondWith(() => new Promise<boolean>(() => undefined));
      const result = await proxy(t.baseUrl, `/proxy/${worker.providerKey}/slow`, {
        workerToken: worker.token,
        placeholder: worker.placeholder,
      });
      expect(result.status).toBe(504);
      expect(result.body.error.code).toBe('SECRET_PROXY.UPSTREAM_TIMEOUT');
      expect(upstream.countPath('/api/slow')).toBe(1);
    }, 30_000);

    it('answers 502 UPSTREAM_UNREACHABLE when nothing listens at the provider address', async () => {
      const closed = await freePort();
      const dead = await connectWorker(t.baseUrl, {
        apiBaseUrl: `http://127.0.0.1:${closed}`,
        tokenUrl: tokenEndpoint.url,
      });
      const result = await proxy(t.baseUrl, `/proxy/${dead.providerKey}/x`, {
        workerToken: dead.token,
        placeholder: dead.placeholder,
      });
      expect(result.status).toBe(502);
      expect(result.body.error.code).toBe('SECRET_PROXY.UPSTREAM_UNREACHABLE');
    });
  });
});
