import { ApiProperty } from '@nestjs/swagger';
import { WorkerTokenEntity } from '../worker-token.entity';

export class WorkerTokenResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agentId: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Last proxied request authenticated with it (written behind requests, up to ~1 s late)',
  })
  lastUsedAt: string | null;
}

export class IssuedWorkerTokenResponseDto extends WorkerTokenResponseDto {
  @ApiProperty({ description: 'The worker token, shown once; only its hash is stored', example: 'pbw_…' })
  token: string;
}

export class WorkerTokenPageDto {
  @ApiProperty({ type: [WorkerTokenResponseDto] }) items: WorkerTokenResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** Allow-list mapper: the hash never leaves. */
export function toWorkerTokenResponse(row: WorkerTokenEntity): WorkerTokenResponseDto {
  return {
    id: row.id,
    agentId: row.agentId,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
