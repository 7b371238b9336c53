import { Body, Controller, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { WorkerTokenAllowed } from '../../shared/public.decorator';
import { ParseIdPipe } from '../../shared/validation';
import { AckDeliveriesRequestDto } from './dto/ack-deliveries.request.dto';
import { AckDeliveriesResponseDto } from './dto/delivery-ack.response.dto';
import { PullDeliveriesRequestDto } from './dto/pull-deliveries.request.dto';
import { PullDeliveriesResponseDto } from './dto/pulled-delivery.response.dto';
import { CurrentPullCaller, PullCallerGuard } from './pull-caller.guard';
import { PullCaller, PullDeliveriesUseCase } from './pull-deliveries.usecase';

/** Aborts when the client goes away before its answer is written (a long poll then stops waiting). */
function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

@ApiTags('ingress')
@ApiBearerAuth()
@WorkerTokenAllowed()
@UseGuards(PullCallerGuard)
@Controller('v1/orgs/:orgId/integrations/:id/deliveries')
export class PullController {
  constructor(private readonly pull: PullDeliveriesUseCase) {}

  @Post('pull')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Pull deliveries of a pull-mode integration under a lease (long poll with waitSeconds)',
  })
  @ApiOkResponse({ type: PullDeliveriesResponseDto })
  async pullDeliveries(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: PullDeliveriesRequestDto,
    @CurrentPullCaller() caller: PullCaller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PullDeliveriesResponseDto> {
    return { items: await this.pull.execute(orgId, id.toLowerCase(), caller, body, clientGone(reply)) };
  }

  @Post('ack')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ack pulled deliveries by leaseId: they are DELIVERED' })
  @ApiOkResponse({ type: AckDeliveriesResponseDto })
  async ackDeliveries(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: AckDeliveriesRequestDto,
    @CurrentPullCaller() caller: PullCaller,
  ): Promise<AckDeliveriesResponseDto> {
    return { acked: await this.pull.ack(orgId, id.toLowerCase(), caller, body.leaseIds) };
  }
}
