import { ApiProperty } from '@nestjs/swagger';
import { PlaceholderEntity } from '../placeholder.entity';
import { ListedPlaceholder } from '../placeholders.repository';
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

/** Allow-list mapper: the binding and the policy as stored (the approval's defaults written out). */
function placeholderFields(
  row: Pick<PlaceholderEntity, 'agentId' | 'connectionId' | 'expiresAt' | 'createdAt' | 'allow' | 'approval'>,
): PlaceholderFieldsDto {
  return {
    agentId: row.agentId ?? '',
    connectionId: row.connectionId,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    allow: row.allow ?? null,
    approval: row.approval ?? null,
  };
}

/** A new placeholder, with the placeholder itself: the only answer that shows it. */
export function toPlaceholderResponse(row: PlaceholderEntity, placeholder: string): PlaceholderResponseDto {
  return { id: row.id, placeholder, ...placeholderFields(row) };
}

/** A listed placeholder is named by its last characters: the whole id is the placeholder itself. */
export function toPlaceholderSummaryResponse(row: ListedPlaceholder): PlaceholderSummaryResponseDto {
  return { hint: `…${row.placeholderId.slice(-4)}`, ...placeholderFields(row) };
}
