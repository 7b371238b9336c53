import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RefreshResponseDto {
  @ApiProperty() ok: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) expiresAt?: string | null;
  @ApiPropertyOptional({ example: 'invalid_grant' }) errorCode?: string;
  @ApiPropertyOptional({ description: 'true: the connection needs a reconnect' }) terminal?: boolean;
}
