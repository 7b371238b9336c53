import { ApiProperty } from '@nestjs/swagger';

export class AuthorizeResponseDto {
  @ApiProperty() authorizeUrl: string;
  @ApiProperty({ description: 'single use; expires in 10 minutes' }) state: string;
  @ApiProperty() expiresAt: string;
}

export class CallbackResponseDto {
  @ApiProperty() connectionId: string;
  @ApiProperty({ description: 'true when an existing connection was re-authorized' }) reconnected: boolean;
}
