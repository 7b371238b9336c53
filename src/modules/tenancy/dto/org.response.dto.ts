import { ApiProperty } from '@nestjs/swagger';
import { OrganizationEntity } from '../organization.entity';

export class OrgResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class OrgListResponseDto {
  @ApiProperty({ type: [OrgResponseDto] }) items: OrgResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export function toOrgResponse(org: OrganizationEntity): OrgResponseDto {
  return { id: org.id, name: org.name, createdAt: org.createdAt.toISOString() };
}
