// The processes around plugboard in a benchmark: the proxy's upstream, nginx in front of it, the
// ingress receiver. Each runs in its own process so the load generator's event loop is not theirs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, sleep, startProcess, stopProcess } from '../lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs one of the small node servers of bench/support and waits for the port it prints. */
async function startNodeServer(file, args = []) {
  const child = startProcess(process.execPath, [path.join(here, file), ...args, '0']);
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim().split('\n')[0])));
    child.once('exit', () => reject(new Error(`${file} exited early:\n${child.output()}`)));
  });
  return { child, port, url: `http://127.0.0.1:${port}`, close: () => stopProcess(child) };
}

/** A keep-alive upstream answering 200 with a 30-byte JSON body to any request. */
export const startUpstream = () => startNodeServer('upstream.mjs');

/** The floor for a proxy in Node.js: see minimal-proxy.mjs. */
export const startMinimalProxy = (upstreamUrl) => startNodeServer('minimal-proxy.mjs', [upstreamUrl]);

/**
 * The ingress receiver: 204 to every POST; `stats()` → `{posts, unique}` (distinct `webhook-id`s).
 */
export async function startReceiver() {
  const server = await startNodeServer('receiver.mjs');
  return {
    ...server,
    async stats() {
      const response = await fetch(`${server.url}/stats`);
      return response.json();
    },
  };
}

/**
 * nginx as production runs it in front of an upstream: an `upstream` block with a keepalive pool,
 * HTTP/1.1 to the upstream and the `Connection` header cleared; one worker per core, no access log.
 */
export async function startNginx(upstreamPort) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'plugboard-bench-nginx-'));
    fs.mkdirSync(path.join(prefix, 'logs'));
    const port = await freePort();
    fs.writeFileSync(
      path.join(prefix, 'nginx.conf'),
      `worker_processes auto;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  upstream backend {
    server 127.0.0.1:${upstreamPort};
    keepalive 256;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
    );
    const binary = fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
    const child = startProcess(binary, [
      '-p',
      prefix,
      '-c',
      path.join(prefix, 'nginx.conf'),
      '-g',
      'daemon off;',
    ]);
    const url = `http://127.0.0.1:${port}`;
    for (let tries = 0; tries < 100 && child.exitCode === null; tries++) {
      try {
        await (await fetch(`${url}/`)).arrayBuffer();
        return { child, port, url, close: () => stopProcess(child) };
      } catch {
        await sleep(100);
      }
    }
    await stopProcess(child, 2000);
    if (!/Address already in use/.test(child.output()))
      throw new Error(`nginx did not start:\n${child.output()}`);
  }
  throw new Error('nginx did not start: no free port after 5 attempts');
}
