import { ApiProperty } from '@nestjs/swagger';
import { expiresAt, interactionStatus, InteractionStatus } from '../interaction-status.rules';
import { InteractionKind, PendingInteractionEntity } from '../pending-interaction.entity';

export class InteractionResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({
    enum: ['question', 'approval'],
    description: 'approval: asked by the secret proxy for a held request (options Approve / Deny)',
  })
  kind: InteractionKind;
  @ApiProperty({ enum: ['PENDING', 'ANSWERED', 'EXPIRED'] }) status: InteractionStatus;
  @ApiProperty({ format: 'uuid' }) integrationId: string;
  @ApiProperty({ format: 'uuid' }) connectionId: string;
  @ApiProperty() expectedUserId: string;
  @ApiProperty() channel: string;
  @ApiProperty() question: string;
  @ApiProperty({ type: [String] }) options: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'the chosen option; for an approval plugboard closed itself: `timeout` (no answer in time) or `abandoned` (the worker disconnected while its request was held), with answeredBy null and status EXPIRED',
  })
  answer: string | null;
  @ApiProperty({ type: String, nullable: true }) answeredBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) claimedAt: string | null;
}

export class InteractionListResponseDto {
  @ApiProperty({ type: [InteractionResponseDto] }) items: InteractionResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** The answer route's result: whether this answer was the one that claimed the interaction. */
export class AnswerInteractionResponseDto {
  @ApiProperty() claimed: boolean;
}

export function toInteractionResponse(
  row: PendingInteractionEntity,
  ttlSeconds: number,
): InteractionResponseDto {
  const createdAt = new Date(row.createdAt);
  const claimedAt = row.claimedAt ? new Date(row.claimedAt) : null;
  const ends = { createdAt, expiresAt: row.expiresAt ? new Date(row.expiresAt) : null };
  return {
    id: row.id,
    kind: row.kind ?? 'question',
    status: interactionStatus({ ...ends, claimedAt, answeredBy: row.answeredBy }, ttlSeconds),
    integrationId: row.integrationId,
    connectionId: row.connectionId,
    expectedUserId: row.expectedUserId,
    channel: row.channel,
    question: row.question,
    options: row.options,
    answer: row.answer,
    answeredBy: row.answeredBy,
    createdAt: createdAt.toISOString(),
    expiresAt: expiresAt(ends, ttlSeconds).toISOString(),
    claimedAt: claimedAt?.toISOString() ?? null,
  };
}
