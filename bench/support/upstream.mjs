// The secret-proxy benchmark's upstream, in its own process: a keep-alive HTTP server answering a small JSON body.
// Prints its port on the first line of stdout.
import { createServer } from 'node:http';

const body = Buffer.from(JSON.stringify({ ok: true, items: [1, 2, 3] }));
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    response.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
