import { ApiProperty } from '@nestjs/swagger';

export class PlaceholderResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'pb_secret_6f1c…', description: 'Put it where the secret goes' })
  placeholder: string;
  @ApiProperty({ format: 'uuid' }) agentId: string;
  @ApiProperty({ format: 'uuid' }) connectionId: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}
