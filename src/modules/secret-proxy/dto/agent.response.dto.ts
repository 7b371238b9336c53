import { ApiProperty } from '@nestjs/swagger';
import { AgentEntity } from '../agent.entity';

export class AgentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AgentListResponseDto {
  @ApiProperty({ type: [AgentResponseDto] }) items: AgentResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export function toAgentResponse(agent: AgentEntity): AgentResponseDto {
  return { id: agent.id, name: agent.name, createdAt: agent.createdAt.toISOString() };
}
