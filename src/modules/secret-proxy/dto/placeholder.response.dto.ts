import { ApiProperty } from '@nestjs/swagger';
import { AllowRuleDto, ApprovalPolicyResponseDto } from './placeholder-policy.dto';

/** What every answer about a placeholder shows: its binding and its policy. */
class PlaceholderFieldsDto {
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

/**
 * A placeholder as listed. Its id is the placeholder itself (`pb_secret_<id>`), a secret shown
 * only at creation: the list names it by its last characters.
 */
export class PlaceholderSummaryResponseDto extends PlaceholderFieldsDto {
  @ApiProperty({ example: '…3a4b', description: 'the last four characters of the placeholder' })
  hint: string;
}

export class PlaceholderResponseDto extends PlaceholderFieldsDto {
  @ApiProperty({ format: 'uuid', description: 'DELETE …/placeholders/:id takes it' }) id: string;
  @ApiProperty({ example: 'pb_secret_6f1c…', description: 'Put it where the secret goes (shown once)' })
  placeholder: string;
}

export class PlaceholderPageDto {
  @ApiProperty({ type: [PlaceholderSummaryResponseDto] }) items: PlaceholderSummaryResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
