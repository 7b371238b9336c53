import {
  applyDecorators,
  Controller,
  Delete,
  Get,
  Options,
  Param,
  Patch,
  Post,
  Put,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { Public } from '../../shared/public.decorator';
import { ForwardRequestUseCase } from './forward-request.usecase';
import { originalContentType } from './proxy-stream-body';
import { CurrentWorker, WorkerTokenGuard } from './worker-token.guard';
import { WorkerPrincipal } from './worker-tokens.service';

/** `/proxy/:provider` alone reaches the API base itself (an MCP server's endpoint). */
const PATHS = [':provider', ':provider/*'];

function ProxyOperation(method: string): MethodDecorator {
  return applyDecorators(
    ApiOperation({
      summary: `${method} through the secret proxy: the placeholder is swapped for the connection's access token`,
    }),
    ApiParam({
      name: 'provider',
      description: "The provider's key; the placeholder's connection must use it",
    }),
    ApiParam({ name: 'path', description: "Path below the provider's apiBaseUrl" }),
    ApiHeader({ name: 'Proxy-Authorization', required: true, description: 'Bearer pbw_… (worker token)' }),
    ApiHeader({ name: 'Authorization', required: false, description: 'e.g. Bearer pb_secret_<uuid>' }),
    ApiOkResponse({ description: "The upstream's answer, streamed (redirects are returned, not followed)" }),
    ApiBadRequestResponse({ description: 'SECRET_PROXY.BAD_PATH' }),
    ApiUnauthorizedResponse({ description: 'SECRET_PROXY.UNAUTHENTICATED' }),
    ApiForbiddenResponse({ description: 'SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED' }),
    ApiConflictResponse({ description: 'CONNECTION.INVALID' }),
    ApiServiceUnavailableResponse({ description: 'SECRET_PROXY.ORG_UNRESOLVED' }),
  );
}

/**
 * ANY /proxy/:provider/<path>. One handler per method rather than @All so the OpenAPI document lists
 * real operations; HEAD is served by Fastify's automatic HEAD route of the GET handler.
 */
@ApiTags('secret-proxy')
@Public()
@UseGuards(WorkerTokenGuard)
@Controller('proxy')
export class ProxyController {
  constructor(private readonly forwardRequest: ForwardRequestUseCase) {}

  @Get(PATHS)
  @ProxyOperation('GET')
  forwardGet(
    @CurrentWorker() worker: WorkerPrincipal,
    @Param('provider') providerKey: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.forward(worker, providerKey, request, reply);
  }

  @Post(PATHS)
  @ProxyOperation('POST')
  forwardPost(
    @CurrentWorker() worker: WorkerPrincipal,
    @Param('provider') providerKey: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.forward(worker, providerKey, request, reply);
  }

  @Put(PATHS)
  @ProxyOperation('PUT')
  forwardPut(
    @CurrentWorker() worker: WorkerPrincipal,
    @Param('provider') providerKey: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.forward(worker, providerKey, request, reply);
  }

  @Patch(PATHS)
  @ProxyOperation('PATCH')
  forwardPatch(
    @CurrentWorker() worker: WorkerPrincipal,
    @Param('provider') providerKey: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.forward(worker, providerKey, request, reply);
  }

  @Delete(PATHS)
  @ProxyOperation('DELETE')
  forwardDelete(
    @CurrentWorker() worker: WorkerPrincipal,
    @Param('provider') providerKey: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.forward(worker, providerKey, request, reply);
  }

  @Options(PATHS)
  @ProxyOperation('OPTIONS')
  forwardOptions(
    @CurrentWorker() worker: WorkerPrincipal,
    @Param('provider') providerKey: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.forward(worker, providerKey, request, reply);
  }

  private async forward(
    worker: WorkerPrincipal,
    providerKey: string,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const answer = await this.forwardRequest.execute({
      worker,
      providerKey,
      method: request.method,
      rawUrl: request.raw.url ?? '',
      headers: request.headers,
      contentType: originalContentType(request),
      body: request.body instanceof Readable ? request.body : undefined,
    });
    void reply
      .status(answer.status)
      .headers(answer.headers)
      .send(answer.body ?? undefined);
  }
}
