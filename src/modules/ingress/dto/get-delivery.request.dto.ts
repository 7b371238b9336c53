import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class GetDeliveryQueryDto {
  @ApiPropertyOptional({ enum: ['payload'], description: 'payload: add the payload as received' })
  @IsOptional()
  @IsIn(['payload'])
  include?: 'payload';
}
