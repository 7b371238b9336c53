import { ApiProperty } from '@nestjs/swagger';

export class RedriveResultDto {
  @ApiProperty({ format: 'uuid' }) deliveryId: string;
  @ApiProperty({ enum: ['queued', 'dispatched', 'failed'] }) outcome: 'queued' | 'dispatched' | 'failed';
  @ApiProperty({ description: 'the replay was accepted and the row left DEAD' }) handled: boolean;
}

export class RedriveResponseDto {
  @ApiProperty({ type: [RedriveResultDto] }) results: RedriveResultDto[];
  @ApiProperty({
    description:
      'Matching deliveries still DEAD after this call (replays that failed included): call again while it is above 0',
    example: 0,
  })
  remaining: number;
}

export class RedriveParkedResultDto {
  @ApiProperty({ format: 'uuid' }) deliveryId: string;
  @ApiProperty({ enum: ['queued', 'dispatched', 'failed'] }) outcome: 'queued' | 'dispatched' | 'failed';
}

export class RedriveParkedResponseDto {
  @ApiProperty({ type: [RedriveParkedResultDto] }) results: RedriveParkedResultDto[];
}
