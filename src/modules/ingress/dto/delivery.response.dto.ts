import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DELIVERY_STATUSES, DeliveryEntity, DeliveryStatus } from '../delivery.entity';

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

export class DeliveryDetailResponseDto extends DeliveryResponseDto {
  @ApiPropertyOptional({
    ...PAYLOAD_SCHEMA,
    description: `${PAYLOAD_SCHEMA.description}; only with ?include=payload`,
  })
  payload?: unknown;
}

export class DeliveryListResponseDto {
  @ApiProperty({ type: [DeliveryResponseDto] }) items: DeliveryResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
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
