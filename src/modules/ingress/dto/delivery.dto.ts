import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { ListQueryDto } from '../../../shared/pagination';
import { DELIVERY_STATUSES, DeliveryEntity, DeliveryStatus } from '../delivery.entity';

export class ListDeliveriesQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  integrationId?: string;
}

export class RedriveDeliveriesRequestDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'DEAD deliveries to replay' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  deliveryIds?: string[];

  @ApiPropertyOptional({ enum: ['DEAD'], description: 'replay every DEAD delivery of the org (up to 500)' })
  @IsOptional()
  @IsIn(['DEAD'])
  status?: 'DEAD';
}

export class DeliveryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) integrationId: string;
  @ApiProperty() plugin: string;
  @ApiProperty() instanceId: string;
  @ApiProperty() route: string;
  @ApiProperty() providerDeliveryId: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  @ApiProperty({ description: 'POSTs made (push) or leases given (pull) so far, every round included' })
  attempts: number;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'When the next attempt is due (a retry waiting out its backoff); null once finished',
  })
  nextAttemptAt: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) conversationId: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class DeliveryListResponseDto {
  @ApiProperty({ type: [DeliveryResponseDto] }) items: DeliveryResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class RedriveResultDto {
  @ApiProperty({ format: 'uuid' }) deliveryId: string;
  @ApiProperty({ enum: ['queued', 'dispatched', 'failed'] }) outcome: 'queued' | 'dispatched' | 'failed';
  @ApiProperty({ description: 'the replay was accepted and the row left DEAD' }) handled: boolean;
}

export class RedriveResponseDto {
  @ApiProperty({ type: [RedriveResultDto] }) results: RedriveResultDto[];
}

export class RedriveParkedResultDto {
  @ApiProperty({ format: 'uuid' }) deliveryId: string;
  @ApiProperty({ enum: ['queued', 'dispatched', 'failed'] }) outcome: 'queued' | 'dispatched' | 'failed';
}

export class RedriveParkedResponseDto {
  @ApiProperty({ type: [RedriveParkedResultDto] }) results: RedriveParkedResultDto[];
}

export class ReceiveWebhookResponseDto {
  @ApiProperty({ format: 'uuid' }) deliveryId: string;
  @ApiProperty() duplicate: boolean;
}

/** Allow-list; the payload is the receiver's business and stays out of the listing. */
export function toDeliveryResponse(delivery: DeliveryEntity): DeliveryResponseDto {
  return {
    id: delivery.id,
    integrationId: delivery.integrationId,
    plugin: delivery.pluginId,
    instanceId: delivery.instanceId,
    route: delivery.route,
    providerDeliveryId: delivery.providerDeliveryId,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: nextAttemptOf(delivery),
    lastError: delivery.lastError,
    conversationId: delivery.conversationId,
    receivedAt: delivery.receivedAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
  };
}

/** Only a delivery still waiting has a next attempt; finished rows keep no schedule. */
function nextAttemptOf(delivery: DeliveryEntity): string | null {
  if (delivery.status !== 'RECEIVED' && delivery.status !== 'QUEUED') return null;
  return (delivery.nextAttemptAt ?? delivery.receivedAt).toISOString();
}
