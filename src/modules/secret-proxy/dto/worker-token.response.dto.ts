import { ApiProperty } from '@nestjs/swagger';

export class WorkerTokenResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agentId: string;
  @ApiProperty({ description: 'The worker token, shown once; only its hash is stored', example: 'pbw_…' })
  token: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}
