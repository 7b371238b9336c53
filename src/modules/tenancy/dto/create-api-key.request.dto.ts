import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class CreateApiKeyRequestDto {
  @ApiPropertyOptional({ example: 'ci' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}
