import { ApiProperty } from '@nestjs/swagger';

export class CreatedApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The key, shown once; only its hash is stored', example: 'pbk_…' }) key: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
