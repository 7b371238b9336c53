// The delivery receiver of the ingress benchmarks, in its own process: answers every POST 204 at once
// and counts the POSTs and the distinct `webhook-id` values it saw; `GET /stats` reports them.
// Prints its port on the first line of stdout.
import { createServer } from 'node:http';

const seen = new Set();
let posts = 0;
const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/stats') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ posts, unique: seen.size }));
    return;
  }
  posts += 1;
  const id = request.headers['webhook-id'];
  if (id) seen.add(id);
  request.resume();
  request.on('end', () => response.writeHead(204).end());
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
