import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { RequestInvalidError } from '../../shared/errors';
import { FORM_PROBLEM, jsonBodyText, parseStrictForm, textProblem } from '../../shared/strict-input';

function httpError(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { statusCode });
}

/**
 * Body parsing for the API's own routes: JSON and form bodies, and 415 for any other content type.
 * Both are parsed strictly: invalid UTF-8, a broken percent-escape, a NUL character, an unpaired
 * surrogate escape or nesting deeper than PostgreSQL parses answers 400 REQUEST.INVALID rather than
 * reaching PostgreSQL, which refuses them in text and jsonb (a 500 otherwise). The ingress and
 * proxy routes live in Fastify scopes of their own with their own parsers (raw bytes, a raw stream),
 * so nothing here touches a provider's body.
 */
@Injectable()
export class RawBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const defaultJson = fastify.getDefaultJsonParser('error', 'error');
    fastify.removeContentTypeParser(['application/json', 'application/x-www-form-urlencoded']);
    fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      const read = jsonBodyText(body as Buffer);
      if ('problem' in read) return done(new RequestInvalidError(read.problem));
      defaultJson(request, read.text, done);
    });
    fastify.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'buffer' },
      (_request, body, done) => {
        const problem = textProblem(body as Buffer);
        if (problem) return done(new RequestInvalidError(problem));
        const fields = parseStrictForm((body as Buffer).toString('utf8'));
        if (!fields) return done(new RequestInvalidError(FORM_PROBLEM));
        done(null, fields);
      },
    );
    fastify.addContentTypeParser('*', (_request, _payload, done) =>
      done(httpError(415, 'Unsupported content type'), undefined),
    );
  }
}
