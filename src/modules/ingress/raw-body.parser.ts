import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppConfig } from '../../config';
import { RequestInvalidError } from '../../shared/errors';
import { containsNul, FORM_PROBLEM, parseStrictForm, textProblem } from '../../shared/strict-input';
import { INGRESS_ROUTE } from './ingress.constants';

export type RawBodyRequest = FastifyRequest & { rawBody?: Buffer };

type Done = (error: Error | null, body?: unknown) => void;

function httpError(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { statusCode });
}

/**
 * Signatures are computed over the exact bytes the provider sent, so the ingress route keeps its
 * body raw, whatever the content type (JSON, form-encoded Slack interactions, text), and enforces
 * INGRESS_MAX_BODY_BYTES. Every other route parses JSON and forms strictly (invalid UTF-8, a broken
 * percent-escape or a NUL character anywhere answers 400 REQUEST.INVALID rather than reaching
 * PostgreSQL, which refuses NUL in text), and answers 415 to other content types.
 */
@Injectable()
export class RawBodyParser implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const maxBodyBytes = this.config.ingress.maxBodyBytes;
    const bodyLimit = Math.max(maxBodyBytes, fastify.initialConfig.bodyLimit ?? 0);
    const defaultJson = fastify.getDefaultJsonParser('error', 'error');
    const keepRaw = (request: FastifyRequest, body: Buffer, done: Done): boolean => {
      if (request.routeOptions.url !== INGRESS_ROUTE) return false;
      if (body.length > maxBodyBytes) {
        done(httpError(413, 'Request body is too large'));
        return true;
      }
      (request as RawBodyRequest).rawBody = body;
      done(null, body);
      return true;
    };

    fastify.removeContentTypeParser(['application/json', 'application/x-www-form-urlencoded']);
    fastify.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit },
      (request, body, done) => {
        if (keepRaw(request, body as Buffer, done)) return;
        const problem = textProblem(body as Buffer);
        if (problem) return done(new RequestInvalidError(problem));
        defaultJson(request, (body as Buffer).toString('utf8'), (error, parsed) => {
          if (error) return done(error);
          if (containsNul(parsed)) {
            return done(new RequestInvalidError('JSON strings may not contain NUL characters'));
          }
          done(null, parsed);
        });
      },
    );
    fastify.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'buffer', bodyLimit },
      (request, body, done) => {
        if (keepRaw(request, body as Buffer, done)) return;
        const problem = textProblem(body as Buffer);
        if (problem) return done(new RequestInvalidError(problem));
        const fields = parseStrictForm((body as Buffer).toString('utf8'));
        if (!fields) return done(new RequestInvalidError(FORM_PROBLEM));
        done(null, fields);
      },
    );
    fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
      if (!keepRaw(request, body as Buffer, done)) done(httpError(415, 'Unsupported content type'));
    });
  }
}
