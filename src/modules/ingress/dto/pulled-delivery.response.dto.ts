import { ApiProperty } from '@nestjs/swagger';

export class PulledDeliveryHeadersDto {
  @ApiProperty({ enum: ['application/json'], name: 'content-type' }) 'content-type': 'application/json';
  @ApiProperty({ name: 'webhook-id', description: 'The delivery id' }) 'webhook-id': string;
  @ApiProperty({
    name: 'webhook-timestamp',
    example: '1767225600',
    description: 'When the pull signed it (Unix seconds)',
  })
  'webhook-timestamp': string;
  @ApiProperty({
    name: 'webhook-signature',
    example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
    description:
      'Signatures by the delivery secret (both secrets during a rotation’s overlap), space-separated',
  })
  'webhook-signature': string;
}

export class PulledDeliveryDto {
  @ApiProperty({ format: 'uuid' }) deliveryId: string;
  @ApiProperty({ format: 'uuid', description: 'Ack with this; a new lease (a redelivery) has a new id' })
  leaseId: string;
  @ApiProperty({ format: 'date-time' }) leaseExpiresAt: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Exactly what a push would POST: {type:"ingress.delivery",deliveryId,…,payload} or {type:"interaction.answered",…}',
    example: {
      type: 'ingress.delivery',
      deliveryId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      route: 'events',
      payload: {},
    },
  })
  body: Record<string, unknown>;
  @ApiProperty({
    type: PulledDeliveryHeadersDto,
    description:
      'The Standard Webhooks headers a push would carry, signed over the body serialised as compact JSON (JSON.stringify): forward both as they are and the receiver verifies with its delivery secret',
  })
  headers: PulledDeliveryHeadersDto;
}

export class PullDeliveriesResponseDto {
  @ApiProperty({
    type: [PulledDeliveryDto],
    description: 'Oldest first; empty when nothing came within waitSeconds',
  })
  items: PulledDeliveryDto[];
}
