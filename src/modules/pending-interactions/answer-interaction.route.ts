import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { IncomingMessage, ServerResponse } from 'node:http';
import { AppConfig } from '../../config';
import { RequestInvalidError } from '../../shared/errors';
import { toErrorResponse } from '../../shared/error-response.filter';
import { labelledChildren } from '../../shared/metric-children';
import { MetricsRegistry } from '../../shared/metrics.registry';
import { apiBodyLimit, readBody, sendError, sendJson } from '../../shared/raw-http';
import { RawRoutes } from '../../shared/raw-routes';
import { resolveRequestId } from '../../shared/request-id';
import { decodeComponent, jsonBodyText, urlProblem } from '../../shared/strict-input';
import { createValidationPipe } from '../../shared/validation.pipe';
import { ApiKeyAuthenticator } from '../tenancy';
import { AnswerInteractionRequestDto } from './dto/answer-interaction.request.dto';
import { INTERACTION_ID } from './dto/create-interaction.request.dto';
import { InteractionNotFoundError } from './pending-interactions.errors';
import { PendingInteractionsService } from './pending-interactions.service';

/** The route as Fastify names it (the metrics' `route` label), and the URLs it matches. */
const ANSWER_ROUTE = '/v1/orgs/:orgId/interactions/:id/answer';
const ANSWER_URL = /^\/v1\/orgs\/([^/?#]+)\/interactions\/([^/?#]+)\/answer(?:\?.*)?$/s;

type JsonParser = (
  request: unknown,
  body: string,
  done: (error: Error | null, value?: unknown) => void,
) => void;

/**
 * POST /v1/orgs/:orgId/interactions/:id/answer with a JSON body, taken before Fastify (RawRoutes)
 * as the proxy and ingress are: an answer's own work is one claim, and the framework's per-request
 * chain (routing, hooks, guard, interceptors, pipes, async context) cost about as much again
 * (bench/PROFILE.md). It answers as the Nest route would, in the same order: a bad URL, then the
 * body (413, unparseable JSON), then the key (401, another org 404), the id (404), the fields (400,
 * the same validation pipe), then the claim. Any other content type goes on to the Nest route in
 * pending-interactions.controller.ts, which is also what the OpenAPI document describes.
 */
@Injectable()
export class AnswerInteractionRoute implements OnModuleInit {
  private readonly logger = new Logger('AnswerInteraction');
  private readonly durationOf: ReturnType<typeof labelledChildren<{ observe(value: number): void }>>;
  private readonly validation = createValidationPipe();
  private parseJson?: JsonParser;

  constructor(
    private readonly rawRoutes: RawRoutes,
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly interactions: PendingInteractionsService,
    private readonly config: AppConfig,
    registry: MetricsRegistry,
  ) {
    this.durationOf = labelledChildren(registry.httpRequestDuration);
  }

  onModuleInit(): void {
    // a worker process serves only health and metrics
    if (this.config.processRole === 'worker') return;
    // Fastify's own JSON parser, so a body is refused here exactly as on every other route
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    this.parseJson = fastify.getDefaultJsonParser('error', 'error') as unknown as JsonParser;
    this.rawRoutes.register(
      '/v1/orgs/',
      (request, response) => void this.answer(request, response),
      (request) =>
        request.method === 'POST' &&
        isJson(request.headers['content-type']) &&
        ANSWER_URL.test(request.url ?? ''),
    );
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const requestId = resolveRequestId(request.headers['x-request-id']);
    response.setHeader('x-request-id', requestId);
    // API answers are per key: no shared or browser cache may keep one
    response.setHeader('cache-control', 'no-store');
    try {
      const url = request.url ?? '';
      const problem = urlProblem(url);
      if (problem) throw new RequestInvalidError(problem);
      const [, orgSegment, idSegment] = ANSWER_URL.exec(url)!;
      const body = await this.readJson(request);
      const principal = await this.authenticator.principalOf(request.headers.authorization);
      const orgId = await this.authenticator.visibleOrg(principal, decodeComponent(orgSegment) ?? '');
      const id = decodeComponent(idSegment) ?? '';
      if (!INTERACTION_ID.test(id)) throw new InteractionNotFoundError();
      const input = (await this.validation.transform(body, {
        type: 'body',
        metatype: AnswerInteractionRequestDto,
      })) as AnswerInteractionRequestDto;
      sendJson(response, 200, await this.interactions.answerInteraction(orgId, id, input));
    } catch (error) {
      sendError(request, response, error, toErrorResponse(error, requestId, this.logger));
    }
    this.durationOf('POST', ANSWER_ROUTE, String(response.statusCode)).observe(
      Number(process.hrtime.bigint() - started) / 1e9,
    );
  }

  private async readJson(request: IncomingMessage): Promise<unknown> {
    const raw = await readBody(request, apiBodyLimit(this.config));
    const read = jsonBodyText(raw);
    if ('problem' in read) throw new RequestInvalidError(read.problem);
    return new Promise((resolve, reject) =>
      // its refusals (not JSON, empty, a prototype key) say what is wrong, as on the other routes
      this.parseJson!(request, read.text, (error, value) =>
        error ? reject(new RequestInvalidError(error.message)) : resolve(value),
      ),
    );
  }
}

/** `application/json`, with or without parameters, as Fastify matches its JSON parser. */
function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0].trim().toLowerCase() === 'application/json';
}
