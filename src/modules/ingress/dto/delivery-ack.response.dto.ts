import { ApiProperty } from '@nestjs/swagger';

export class AckDeliveriesResponseDto {
  @ApiProperty({
    description: 'How many of the leases are acked (acking again changes nothing and counts again)',
  })
  acked: number;
}
