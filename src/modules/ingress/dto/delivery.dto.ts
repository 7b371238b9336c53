import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { ListQueryDto } from '../../../shared/pagination';
import type { AttemptRow } from '../deliveries.repository';
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

  @ApiPropertyOptional({
    enum: ['DEAD'],
    description: 'replay the org’s DEAD deliveries, up to 500 per call (call again while remaining > 0)',
  })
  @IsOptional()
  @IsIn(['DEAD'])
  status?: 'DEAD';

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'with status: only this integration’s DEAD deliveries',
  })
  @IsOptional()
  @IsUUID()
  integrationId?: string;
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

/** Any JSON value: what the provider sent, parsed when it was JSON or a form, else its text. */
const PAYLOAD_SCHEMA = {
  description:
    'The payload as received: JSON parsed, a form body as an object (Slack’s payload= unwrapped), anything else as text',
  oneOf: [
    { type: 'object', additionalProperties: true },
    {
      type: 'array',
      items: {
        oneOf: [
          { type: 'object', additionalProperties: true },
          { type: 'string' },
          { type: 'number' },
          { type: 'boolean' },
        ],
      },
    },
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
  ],
  example: { action: 'opened', issue: { number: 1347 } },
};

export class GetDeliveryQueryDto {
  @ApiPropertyOptional({ enum: ['payload'], description: 'payload: add the payload as received' })
  @IsOptional()
  @IsIn(['payload'])
  include?: 'payload';
}

export class DeliveryDetailResponseDto extends DeliveryResponseDto {
  @ApiPropertyOptional({
    ...PAYLOAD_SCHEMA,
    description: `${PAYLOAD_SCHEMA.description}; only with ?include=payload`,
  })
  payload?: unknown;
}

export class DeliveryAttemptDto {
  @ApiProperty({ description: 'The attempt’s number; it keeps counting across redrives', example: 1 })
  attempt: number;
  @ApiProperty({ enum: ['delivered', 'retry', 'dead'], description: 'What came of it' })
  outcome: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'How long the receiver took; null for attempts recorded before this was kept',
  })
  durationMs: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The receiver’s HTTP status; null when it never answered',
  })
  statusCode: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'receiver answered HTTP 503' }) error: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'At most 1 KiB of the receiver’s answer' })
  responseSnippet: string | null;
}

export class DeliveryAttemptListResponseDto {
  @ApiProperty({ type: [DeliveryAttemptDto], description: 'Oldest first' }) items: DeliveryAttemptDto[];
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
  @ApiProperty({
    description:
      'Matching deliveries still DEAD after this call (replays that failed included): call again while it is above 0',
    example: 0,
  })
  remaining: number;
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

export function toDeliveryAttempt(row: AttemptRow): DeliveryAttemptDto {
  return {
    attempt: row.attempt,
    outcome: row.outcome,
    startedAt: row.startedAt.toISOString(),
    durationMs: row.durationMs,
    statusCode: row.statusCode,
    error: row.error,
    responseSnippet: row.responseSnippet,
  };
}

/** Allow-list; the payload is the receiver's business: shown only when asked for, one delivery at a time. */
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
