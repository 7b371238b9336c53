import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class CreateAgentRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: "The agent's id; generated when omitted" })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ example: 'support-bot' })
  @IsString()
  @Length(1, 200)
  name: string;
}
