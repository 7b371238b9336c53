import { ApiProperty } from '@nestjs/swagger';

export class OperatorCallerDto {
  @ApiProperty({ enum: ['operator'], example: 'operator' }) type: 'operator';
}

export class OrgCallerDto {
  @ApiProperty({ enum: ['org'], example: 'org' }) type: 'org';
  @ApiProperty({ format: 'uuid', description: 'The org the key belongs to' }) orgId: string;
  @ApiProperty({ format: 'uuid', description: 'The API key presented' }) keyId: string;
}

export type MeResponseDto = OperatorCallerDto | OrgCallerDto;
