import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';

export class RedriveDeliveriesRequestDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'DEAD deliveries to replay' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  deliveryIds?: string[];

  @ApiPropertyOptional({
    enum: ['DEAD'],
    description: 'replay the org’s DEAD deliveries, up to 500 per call (call again while remaining > 0)',
  })
  @IsOptional()
  @IsIn(['DEAD'])
  status?: 'DEAD';

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'with status: only this integration’s DEAD deliveries',
  })
  @IsOptional()
  @IsUUID()
  integrationId?: string;
}
