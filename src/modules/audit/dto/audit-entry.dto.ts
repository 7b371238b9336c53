import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { ListQueryDto } from '../../../shared/pagination';
import { AUDIT_ACTIONS, AUDIT_ACTOR_TYPES, AuditAction, AuditActorType, AuditEntry } from '../audit-entry';

export class ListAuditQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    enum: AUDIT_ACTIONS,
    description: 'only entries of this action',
    example: 'proxy.request',
  })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'only entries naming this agent',
    example: '3f2b8c1d-6e4a-4b7f-9c0d-1e2f3a4b5c6d',
  })
  @IsOptional()
  @IsUUID()
  agentId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'only entries naming this connection',
    example: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
  })
  @IsOptional()
  @IsUUID()
  connectionId?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'entries at or after this time',
    example: '2026-12-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'entries before this time',
    example: '2026-12-02T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;
}

export class AuditActorDto {
  @ApiProperty({
    enum: AUDIT_ACTOR_TYPES,
    description: 'agent: through its worker token; apiKey: an org key; operator; system: plugboard itself',
  })
  type: AuditActorType;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the agent’s or API key’s id; null for the operator and the system',
  })
  id: string | null;
}

export class AuditEntryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid' }) orgId: string;
  @ApiProperty({ type: AuditActorDto }) actor: AuditActorDto;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: AuditAction;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) agentId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) connectionId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'POST' }) method: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the request path without its query',
    example: '/proxy/slack/chat.postMessage',
  })
  path: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the HTTP status answered', example: 200 })
  status: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'a refusal’s error code, or the new status and reason of a connection',
    example: 'SECRET_PROXY.NOT_ALLOWED',
  })
  code: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'how long the request took' })
  durationMs: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the x-request-id of the request that caused the entry; null when none did',
  })
  requestId: string | null;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryResponseDto] }) items: AuditEntryResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** An allow-list: every field named, nothing spread from the row. */
export function toAuditEntryResponse(entry: AuditEntry): AuditEntryResponseDto {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    orgId: entry.orgId,
    actor: { type: entry.actor.type, id: entry.actor.id },
    action: entry.action,
    agentId: entry.agentId,
    connectionId: entry.connectionId,
    method: entry.method,
    path: entry.path,
    status: entry.status,
    code: entry.code,
    durationMs: entry.durationMs,
    requestId: entry.requestId,
  };
}
