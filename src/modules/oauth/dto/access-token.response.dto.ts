import { ApiProperty } from '@nestjs/swagger';

export class AccessTokenResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ type: String, nullable: true }) expiresAt: string | null;
}
