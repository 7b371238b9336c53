// The floor for a proxy in Node.js on this machine: a plain node:http server that swaps a placeholder
// for a token from an in-memory map and forwards through an undici Pool with keep-alive, streaming the
// answer back. No authentication beyond the map lookup, no path rules, no logging. The secret-proxy
// benchmark runs it in the same run as nginx and plugboard, so plugboard's distance to nginx can be
// split into what Node.js costs and what plugboard adds.
//   node bench/support/minimal-proxy.mjs <upstream-url> [port]   (prints the port it listens on)
import { createServer } from 'node:http';
import { Pool } from 'undici';

const upstream = process.argv[2];
const pool = new Pool(upstream, { connections: 128, pipelining: 1, keepAliveTimeout: 60_000 });
const tokens = new Map([['pb_secret_bench', 'bench-access-token']]);
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authorization', 'transfer-encoding', 'host']);

const server = createServer((request, response) => {
  const headers = {};
  for (const [name, value] of Object.entries(request.headers))
    if (!HOP_BY_HOP.has(name)) headers[name] = value;
  const token = tokens.get(String(headers.authorization ?? '').replace(/^Bearer /, ''));
  if (!token) {
    response.writeHead(403).end();
    return;
  }
  headers.authorization = `Bearer ${token}`;
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  pool
    .request({
      path: request.url.replace(/^\/proxy\/[^/]+/, ''),
      method: request.method,
      headers,
      body: hasBody ? request : null,
    })
    .then(
      ({ statusCode, headers: answer, body }) => {
        for (const name of HOP_BY_HOP) delete answer[name];
        response.writeHead(statusCode, answer);
        body.pipe(response);
      },
      () => response.writeHead(502).end(),
    );
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.argv[3] ?? 0), '127.0.0.1', () =>
  process.stdout.write(`${server.address().port}\n`),
);
