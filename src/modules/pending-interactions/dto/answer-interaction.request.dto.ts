import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';

export class AnswerInteractionRequestDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() connectionId: string;
  @ApiProperty({ description: 'the answering chat user; must be the expected user' })
  @IsString()
  @Length(1, 64)
  userId: string;
  @ApiProperty() @IsString() @Length(1, 2000) answer: string;
}
