import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../shared/public.decorator';
import { AcceptDeliveryUseCase } from './accept-delivery.usecase';
import { ReceiveWebhookResponseDto } from './dto/delivery.dto';
import type { RawBodyRequest } from './raw-body.parser';

@ApiTags('ingress')
@Public()
@Controller('ingress')
export class IngressController {
  constructor(private readonly acceptDelivery: AcceptDeliveryUseCase) {}

  @Post(':pluginId/:instanceId/:route')
  @HttpCode(202)
  @ApiOperation({ summary: 'Receive a provider webhook (raw body, provider signature headers)' })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded', 'text/plain')
  @ApiAcceptedResponse({ type: ReceiveWebhookResponseDto, description: 'stored durably, new' })
  @ApiOkResponse({ type: ReceiveWebhookResponseDto, description: 'a repeat of a stored delivery' })
  async receive(
    @Param('pluginId') pluginId: string,
    @Param('instanceId') instanceId: string,
    @Param('route') route: string,
    @Req() request: RawBodyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReceiveWebhookResponseDto | { challenge: string }> {
    const result = await this.acceptDelivery.execute({
      pluginId,
      instanceId,
      route,
      headers: request.headers,
      rawBody: request.rawBody ?? Buffer.alloc(0),
    });
    if (result.kind === 'challenge') {
      void reply.status(200);
      return { challenge: result.challenge };
    }
    if (result.duplicate) void reply.status(200);
    return { deliveryId: result.deliveryId, duplicate: result.duplicate };
  }
}
