import { ApiProperty } from '@nestjs/swagger';
import { IntegrationEntity } from '../integration.entity';
import { INTEGRATION_STATUSES, IntegrationStatus } from '../integration-status.rules';
import {
  DELIVERY_MODES,
  DeliveryMode,
  INGRESS_SCHEMES,
  IngressScheme,
  ON_ERROR_POLICIES,
  OnErrorPolicy,
} from '../integration.types';

export class IngressSettingsResponseDto {
  @ApiProperty({ enum: INGRESS_SCHEMES }) scheme: IngressScheme;
  @ApiProperty({ description: 'where the provider sends its webhooks (any :route)' }) url: string;
}

export class IntegrationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() plugin: string;
  @ApiProperty({
    example: 'acme-main.Zk3pQ8vR2mX1aB7c',
    description: 'the chosen instance name plus an unguessable suffix; unique per plugin',
  })
  instanceId: string;
  @ApiProperty({ type: [String] }) connectionIds: string[];
  @ApiProperty({ enum: DELIVERY_MODES }) deliveryMode: DeliveryMode;
  @ApiProperty({ type: String, nullable: true, description: 'null in pull mode' }) deliveryUrl: string | null;
  @ApiProperty({ type: [String], description: 'pull mode: agents whose worker tokens may pull' })
  pullAgentIds: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) config: Record<string, unknown>;
  @ApiProperty({ type: IngressSettingsResponseDto }) ingress: IngressSettingsResponseDto;
  @ApiProperty({ enum: ON_ERROR_POLICIES }) onError: OnErrorPolicy;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'After a rotation: until then deliveries are signed by the replaced secret too',
  })
  previousDeliverySecretExpiresAt: string | null;
  @ApiProperty({ enum: INTEGRATION_STATUSES }) status: IntegrationStatus;
  @ApiProperty({ type: String, nullable: true }) statusReason: string | null;
  @ApiProperty({ format: 'date-time' }) statusChangedAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CreatedIntegrationResponseDto extends IntegrationResponseDto {
  @ApiProperty({ example: 'whsec_…', description: 'signs outbound deliveries; shown once' })
  deliverySecret: string;

  @ApiProperty({
    type: [String],
    description: 'What to fix before deliveries can succeed, e.g. a deliveryUrl plugboard may not reach',
    example: [],
  })
  warnings: string[];
}

export class RotatedDeliverySecretResponseDto {
  @ApiProperty({ example: 'whsec_…', description: 'The new secret; shown once' })
  deliverySecret: string;

  @ApiProperty({
    format: 'date-time',
    description: 'Until then deliveries carry a signature by the replaced secret as well',
  })
  previousDeliverySecretExpiresAt: string;
}

export class IntegrationListResponseDto {
  @ApiProperty({ type: [IntegrationResponseDto] }) items: IntegrationResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** Allow-list: neither secret ever leaves through this mapper. */
export function toIntegrationResponse(
  integration: IntegrationEntity,
  publicUrl: string,
): IntegrationResponseDto {
  return {
    id: integration.id,
    name: integration.name,
    plugin: integration.plugin,
    instanceId: integration.instanceId,
    connectionIds: integration.connectionIds,
    deliveryMode: integration.deliveryMode,
    deliveryUrl: integration.deliveryUrl,
    pullAgentIds: integration.pullAgentIds,
    config: integration.config,
    ingress: {
      scheme: integration.ingressScheme,
      url: `${publicUrl}/ingress/${integration.plugin}/${encodeURIComponent(integration.instanceId)}/:route`,
    },
    onError: integration.onError,
    previousDeliverySecretExpiresAt:
      integration.previousDeliverySecretExpiresAt &&
      integration.previousDeliverySecretExpiresAt.getTime() > Date.now()
        ? integration.previousDeliverySecretExpiresAt.toISOString()
        : null,
    status: integration.status,
    statusReason: integration.statusReason,
    statusChangedAt: integration.statusChangedAt.toISOString(),
    createdAt: integration.createdAt.toISOString(),
    updatedAt: integration.updatedAt.toISOString(),
  };
}
