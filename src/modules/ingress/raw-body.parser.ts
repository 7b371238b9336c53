import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { parse as parseQuery } from 'node:querystring';

function httpError(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { statusCode });
}

/**
 * Body parsing for the API's own routes: JSON and form bodies, and 415 for any other content type.
 * The ingress and proxy routes live in Fastify scopes of their own with their own parsers (raw bytes,
 * a raw stream), so nothing here touches a provider's body.
 */
@Injectable()
export class RawBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const defaultJson = fastify.getDefaultJsonParser('error', 'error');
    fastify.removeContentTypeParser(['application/json', 'application/x-www-form-urlencoded']);
    fastify.addContentTypeParser('application/json', { parseAs: 'string' }, defaultJson);
    fastify.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => done(null, parseQuery(body as string)),
    );
    fastify.addContentTypeParser('*', (_request, _payload, done) =>
      done(httpError(415, 'Unsupported content type'), undefined),
    );
  }
}
