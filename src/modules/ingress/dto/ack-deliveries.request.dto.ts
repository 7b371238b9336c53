import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';

export class AckDeliveriesRequestDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'leaseId of each delivery handled' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  leaseIds: string[];
}
