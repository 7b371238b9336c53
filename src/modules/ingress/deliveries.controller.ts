import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Page } from '../../shared/pagination';
import { ParseIdPipe } from '../../shared/validation';
import { DeliveriesService } from './deliveries.service';
import {
  DeliveryListResponseDto,
  DeliveryResponseDto,
  ListDeliveriesQueryDto,
  RedriveDeliveriesRequestDto,
  RedriveParkedResponseDto,
  RedriveResponseDto,
} from './dto/delivery.dto';

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
  @ApiOperation({ summary: 'Read a delivery' })
  @ApiOkResponse({ type: DeliveryResponseDto })
  getDelivery(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<DeliveryResponseDto> {
    return this.deliveries.getDelivery(orgId, id);
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
