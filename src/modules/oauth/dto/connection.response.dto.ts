import { ApiProperty } from '@nestjs/swagger';
import { ConnectionEntity, ConnectionStatus } from '../connection.entity';

export class ConnectionResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: "the provider's key" }) provider: string;
  @ApiProperty({ enum: ['ACTIVE', 'INVALID'] }) status: ConnectionStatus;
  @ApiProperty({ type: String, nullable: true }) externalAccountId: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    nullable: true,
    description: "values of the provider's URL parameters for this connection (e.g. {shop})",
  })
  params: Record<string, string> | null;
  @ApiProperty({ type: String, nullable: true }) expiresAt: string | null;
  @ApiProperty() isRefreshable: boolean;
  @ApiProperty({ type: String, nullable: true }) lastRefreshError: string | null;
  @ApiProperty({ type: String, nullable: true }) refreshBlockedUntil: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class ConnectionListResponseDto {
  @ApiProperty({ type: [ConnectionResponseDto] }) items: ConnectionResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** Allow-list: never a token, sealed or not. */
export function toConnectionResponse(
  connection: ConnectionEntity,
  providerKey: string,
): ConnectionResponseDto {
  return {
    id: connection.id,
    provider: providerKey,
    status: connection.status,
    externalAccountId: connection.externalAccountId,
    params: connection.params,
    expiresAt: connection.expiresAt?.toISOString() ?? null,
    isRefreshable: connection.isRefreshable,
    lastRefreshError: connection.lastRefreshError,
    refreshBlockedUntil: connection.refreshBlockedUntil?.toISOString() ?? null,
    createdAt: connection.createdAt.toISOString(),
    updatedAt: connection.updatedAt.toISOString(),
  };
}
