import { All, Controller, Param, Req, Res, UseGuards } from '@nestjs/common';
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

@ApiTags('secret-proxy')
@Controller('proxy')
export class ProxyController {
  constructor(private readonly forwardRequest: ForwardRequestUseCase) {}

  @All(':provider/*')
  @Public()
  @UseGuards(WorkerTokenGuard)
  @ApiOperation({
    summary: 'Forward a worker request to the provider API, swapping the placeholder for the access token',
  })
  @ApiParam({ name: 'provider', description: "The provider's key; the placeholder's connection must use it" })
  @ApiParam({ name: '*', description: "Path below the provider's apiBaseUrl" })
  @ApiHeader({ name: 'Proxy-Authorization', required: true, description: 'Bearer pbw_… (worker token)' })
  @ApiHeader({ name: 'Authorization', required: false, description: 'e.g. Bearer pb_secret_<uuid>' })
  @ApiOkResponse({ description: "The upstream's answer, streamed (redirects are returned, not followed)" })
  @ApiBadRequestResponse({ description: 'SECRET_PROXY.BAD_PATH' })
  @ApiUnauthorizedResponse({ description: 'SECRET_PROXY.UNAUTHENTICATED' })
  @ApiForbiddenResponse({ description: 'SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED' })
  @ApiConflictResponse({ description: 'CONNECTION.INVALID' })
  @ApiServiceUnavailableResponse({ description: 'SECRET_PROXY.ORG_UNRESOLVED' })
  async forward(
    @CurrentWorker() worker: WorkerPrincipal,
    @Param('provider') providerKey: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
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
