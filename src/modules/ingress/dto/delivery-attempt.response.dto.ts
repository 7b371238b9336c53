import { ApiProperty } from '@nestjs/swagger';
import type { AttemptRow } from '../deliveries.repository';

export class DeliveryAttemptDto {
  @ApiProperty({ description: 'The attempt’s number; it keeps counting across redrives', example: 1 })
  attempt: number;
  @ApiProperty({ enum: ['delivered', 'retry', 'dead'], description: 'What came of it' })
  outcome: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'How long the receiver took; null for attempts recorded before this was kept',
  })
  durationMs: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The receiver’s HTTP status; null when it never answered',
  })
  statusCode: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'receiver answered HTTP 503' }) error: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'At most 1 KiB of the receiver’s answer' })
  responseSnippet: string | null;
}

export class DeliveryAttemptListResponseDto {
  @ApiProperty({ type: [DeliveryAttemptDto], description: 'Oldest first' }) items: DeliveryAttemptDto[];
}

export function toDeliveryAttempt(row: AttemptRow): DeliveryAttemptDto {
  return {
    attempt: row.attempt,
    outcome: row.outcome,
    startedAt: row.startedAt.toISOString(),
    durationMs: row.durationMs,
    statusCode: row.statusCode,
    error: row.error,
    responseSnippet: row.responseSnippet,
  };
}
