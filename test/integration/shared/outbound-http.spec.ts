import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadConfig } from '../../../src/config';
import { MAX_ANSWER_BYTES, OutboundHttp } from '../../../src/shared/outbound';
import { testEnv } from '../../support/app';
import { EndlessUpstream, startEndlessUpstream } from '../../support/bad-upstreams';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

describe('OutboundHttp', () => {
  let server: Server;
  let port: number;
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      hits.push(request.url ?? '');
      if (request.url === '/redirect') {
        response.writeHead(302, { location: `http://127.0.0.1:${port}/target` }).end();
      } else if (request.url === '/declared-huge') {
        // announces 2 MiB and sends a few bytes: the client must refuse before reading
        response.writeHead(200, { 'content-length': String(2 * MAX_ANSWER_BYTES) }).write('{"a":');
      } else if (request.url === '/exactly-cap') {
        response.writeHead(200).end(Buffer.alloc(MAX_ANSWER_BYTES, 0x20));
      } else if (request.url === '/slow') {
        setTimeout(() => response.end('late'), 2_000);
      } else {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ path: request.url }));
      }
    });
    port = await listen(server);
  });
  const clients: OutboundHttp[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.onApplicationShutdown()));
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => hits.splice(0));

  const client = (allowPrivate: boolean) => {
    const created = new OutboundHttp(loadConfig(testEnv({ ALLOW_PRIVATE_UPSTREAMS: String(allowPrivate) })));
    clients.push(created);
    return created;
  };

  it.each([
    ['an IPv4 loopback literal', (p: number) => `http://127.0.0.1:${p}/x`],
    ['a hostname that resolves to 127.0.0.1', (p: number) => `http://localhost:${p}/x`],
    ['an IPv4-mapped IPv6 loopback literal', (p: number) => `http://[::ffff:127.0.0.1]:${p}/x`],
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data'],
    ['a non-http scheme', () => 'file:///etc/passwd'],
  ])('refuses %s when private upstreams are not allowed, without connecting', async (_label, url) => {
    await expect(client(false).request({ url: url(port), method: 'GET' })).rejects.toMatchObject({
      code: 'OUTBOUND.UPSTREAM_REFUSED',
      httpStatus: 403,
    });
    expect(hits).toEqual([]);
  });

  it('reaches loopback when ALLOW_PRIVATE_UPSTREAMS is set', async () => {
    const response = await client(true).request({ url: `http://localhost:${port}/ok`, method: 'GET' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: '/ok' });
  });

  it('returns a redirect instead of following it', async () => {
    const response = await client(true).request({ url: `http://127.0.0.1:${port}/redirect`, method: 'GET' });
    await response.dump();
    expect(response.status).toBe(302);
    expect(hits).toEqual(['/redirect']);
  });

  it('turns a slow upstream into a 504 timeout and a closed port into a 502', async () => {
    await expect(
      client(true).request({
        url: `http://127.0.0.1:${port}/slow`,
        method: 'GET',
        timeouts: { headersMs: 200 },
      }),
    ).rejects.toMatchObject({ code: 'OUTBOUND.UPSTREAM_TIMEOUT', httpStatus: 504 });
    const closed = new (await import('node:net')).Server();
    const closedPort = await new Promise<number>((resolve) =>
      closed.listen(0, '127.0.0.1', () => resolve((closed.address() as AddressInfo).port)),
    );
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      client(true).request({ url: `http://127.0.0.1:${closedPort}/`, method: 'GET' }),
    ).rejects.toMatchObject({
      code: 'OUTBOUND.UPSTREAM_UNREACHABLE',
      httpStatus: 502,
    });
  });

  describe('reading an answer into memory', () => {
    let endless: EndlessUpstream;
    beforeAll(async () => {
      endless = await startEndlessUpstream();
    });
    afterAll(() => endless.close());

    it('stops reading an endless answer past 1 MiB, closes the connection and fails as too large', async () => {
      const heapBefore = process.memoryUsage().heapUsed;
      const response = await client(true).request({ url: endless.url, method: 'POST' });
      await expect(response.text()).rejects.toMatchObject({
        code: 'OUTBOUND.ANSWER_TOO_LARGE',
        httpStatus: 502,
      });
      await endless.allClosed();
      // the upstream could only write what the cap plus the socket buffers took in
      expect(endless.bytesWritten).toBeLessThan(16 * MAX_ANSWER_BYTES);
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(32 * MAX_ANSWER_BYTES);
      await expect(
        (await client(true).request({ url: endless.url, method: 'POST' })).json(),
      ).rejects.toMatchObject({ code: 'OUTBOUND.ANSWER_TOO_LARGE' });
    });

    it('refuses an answer whose Content-Length is over the cap without waiting for it', async () => {
      const response = await client(true).request({
        url: `http://127.0.0.1:${port}/declared-huge`,
        method: 'GET',
      });
      await expect(response.text()).rejects.toMatchObject({ code: 'OUTBOUND.ANSWER_TOO_LARGE' });
    });

    it('reads an answer of exactly 1 MiB', async () => {
      const response = await client(true).request({
        url: `http://127.0.0.1:${port}/exactly-cap`,
        method: 'GET',
      });
      expect((await response.text()).length).toBe(MAX_ANSWER_BYTES);
    });
  });
});
