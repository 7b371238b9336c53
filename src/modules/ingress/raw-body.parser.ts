import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parse as parseQuery } from 'node:querystring';
import { AppConfig } from '../../config';
import { INGRESS_ROUTE } from './ingress.constants';

export type RawBodyRequest = FastifyRequest & { rawBody?: Buffer };

type Done = (error: Error | null, body?: unknown) => void;

function httpError(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { statusCode });
}

/**
 * Signatures are computed over the exact bytes the provider sent, so the ingress route keeps its
 * body raw, whatever the content type (JSON, form-encoded Slack interactions, text), and enforces
 * INGRESS_MAX_BODY_BYTES. Every other route keeps Nest's usual JSON and form parsing, and still
 * answers 415 to other content types.
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
        if (!keepRaw(request, body as Buffer, done))
          defaultJson(request, (body as Buffer).toString('utf8'), done);
      },
    );
    fastify.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'buffer', bodyLimit },
      (request, body, done) => {
        if (!keepRaw(request, body as Buffer, done))
          done(null, parseQuery((body as Buffer).toString('utf8')));
      },
    );
    fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
      if (!keepRaw(request, body as Buffer, done)) done(httpError(415, 'Unsupported content type'));
    });
  }
}
