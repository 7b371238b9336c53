import { ApiProperty } from '@nestjs/swagger';
import { AllowRuleDto, ApprovalPolicyResponseDto } from './placeholder-policy.dto';

/** A placeholder as listed: its policy, never anything secret. */
export class PlaceholderSummaryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agentId: string;
  @ApiProperty({ format: 'uuid' }) connectionId: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: [AllowRuleDto], nullable: true, description: 'null: every method and path' })
  allow: AllowRuleDto[] | null;
  @ApiProperty({
    type: ApprovalPolicyResponseDto,
    nullable: true,
    description: 'null: nothing waits for approval',
  })
  approval: ApprovalPolicyResponseDto | null;
}

export class PlaceholderResponseDto extends PlaceholderSummaryResponseDto {
  @ApiProperty({ example: 'pb_secret_6f1c…', description: 'Put it where the secret goes' })
  placeholder: string;
}

export class PlaceholderPageDto {
  @ApiProperty({ type: [PlaceholderSummaryResponseDto] }) items: PlaceholderSummaryResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
