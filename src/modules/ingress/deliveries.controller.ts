import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Page } from '../../shared/pagination';
import { ParseIdPipe } from '../../shared/validation';
import { DeliveriesService } from './deliveries.service';
import { DeliveryAttemptListResponseDto } from './dto/delivery-attempt.response.dto';
import {
  DeliveryDetailResponseDto,
  DeliveryListResponseDto,
  DeliveryResponseDto,
} from './dto/delivery.response.dto';
import { GetDeliveryQueryDto } from './dto/get-delivery.request.dto';
import { ListDeliveriesQueryDto } from './dto/list-deliveries.request.dto';
import { RedriveDeliveriesRequestDto } from './dto/redrive-deliveries.request.dto';
import { RedriveParkedResponseDto, RedriveResponseDto } from './dto/redrive.response.dto';

@ApiTags('ingress')
@ApiBearerAuth()
@Controller('v1/orgs/:orgId')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get('ingress/deliveries')
  @ApiOperation({ summary: 'List deliveries, newest first' })
  @ApiOkResponse({ type: DeliveryListResponseDto })
  listDeliveries(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Query() query: ListDeliveriesQueryDto,
  ): Promise<Page<DeliveryResponseDto>> {
    return this.deliveries.listDeliveries(orgId, query);
  }

  @Get('ingress/deliveries/:id')
  @ApiOperation({ summary: 'Read a delivery; ?include=payload adds the payload as received' })
  @ApiOkResponse({ type: DeliveryDetailResponseDto })
  getDelivery(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
    @Query() query: GetDeliveryQueryDto,
  ): Promise<DeliveryDetailResponseDto> {
    return this.deliveries.getDelivery(orgId, id, query);
  }

  @Get('ingress/deliveries/:id/attempts')
  @ApiOperation({ summary: 'List the attempts of a delivery, oldest first' })
  @ApiOkResponse({ type: DeliveryAttemptListResponseDto })
  listDeliveryAttempts(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<DeliveryAttemptListResponseDto> {
    return this.deliveries.listDeliveryAttempts(orgId, id);
  }

  @Post('ingress/redrive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replay DEAD deliveries by ids or by status' })
  @ApiOkResponse({ type: RedriveResponseDto })
  redriveDeliveries(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Body() body: RedriveDeliveriesRequestDto,
  ): Promise<RedriveResponseDto> {
    return this.deliveries.redriveDeliveries(orgId, body);
  }

  @Post('integrations/:id/redrive-parked')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replay the integration’s PARKED deliveries now' })
  @ApiOkResponse({ type: RedriveParkedResponseDto })
  redriveParked(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<RedriveParkedResponseDto> {
    return this.deliveries.redriveParked(orgId, id);
  }
}
