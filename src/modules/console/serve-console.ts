import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyReply } from 'fastify';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CONSOLE_PREFIX = '/console';

// Vite fingerprints everything under assets/, so those files never change under the same name.
const IMMUTABLE = 'public, max-age=31536000, immutable';
// index.html names the current fingerprints: it must be revalidated on every load.
const REVALIDATE = 'no-cache';
// The console talks only to this origin; nothing is loaded from a CDN.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * Where `npm run build` put the console: dist/console beside the compiled server
 * (dist/modules/console → dist/console), or, when the server runs from TypeScript sources
 * (tests), the same folder under the repository's dist/.
 */
export function findConsoleRoot(): string | undefined {
  const candidates = [
    path.resolve(__dirname, '..', '..', 'console'),
    path.resolve(__dirname, '..', '..', '..', 'dist', 'console'),
  ];
  return candidates.find((candidate) => fs.existsSync(path.join(candidate, 'index.html')));
}

function sendIndex(reply: FastifyReply, html: string): FastifyReply {
  return reply
    .header('cache-control', REVALIDATE)
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(html);
}

/**
 * Serves the operator console (a static single-page app, a client of the public API only) at
 * /console from this process. Files are registered one route each (`wildcard: false`), so any other
 * /console/* path is a client-side route and gets index.html. Without a build, /console explains how
 * to build it instead of failing start-up.
 */
export async function serveConsole(app: NestFastifyApplication, root = findConsoleRoot()): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  if (!root) {
    fastify.get(CONSOLE_PREFIX, (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The console is not built: run `npm run build`.\n'),
    );
    return;
  }
  const html = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
  await app.register(fastifyStatic, {
    root,
    prefix: `${CONSOLE_PREFIX}/`,
    decorateReply: false,
    wildcard: false,
    index: false,
    cacheControl: false,
    schemaHide: true,
    setHeaders: (reply: FastifyReply, filePath: string) => {
      const isAsset = filePath.includes(`${path.sep}assets${path.sep}`);
      void reply.header('cache-control', isAsset ? IMMUTABLE : REVALIDATE);
      void reply.header('x-content-type-options', 'nosniff');
      if (filePath.endsWith('.html')) void reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    },
  });
  fastify.get(CONSOLE_PREFIX, (_request, reply) => sendIndex(reply, html));
  fastify.get(`${CONSOLE_PREFIX}/`, (_request, reply) => sendIndex(reply, html));
  fastify.get(`${CONSOLE_PREFIX}/*`, (request, reply) => {
    // A missing fingerprinted file is a real 404: answering it with HTML would hide a stale deploy.
    if (request.url.startsWith(`${CONSOLE_PREFIX}/assets/`)) {
      return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
    }
    return sendIndex(reply, html);
  });
}
