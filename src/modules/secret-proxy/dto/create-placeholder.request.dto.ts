import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { MAX_POLICY_RULES } from '../placeholder-policy';
import { AllowRuleDto, ApprovalPolicyDto } from './placeholder-policy.dto';
import { MAX_TTL_SECONDS } from './ttl';

export class CreatePlaceholderRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  connectionId: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_TTL_SECONDS, default: 86400 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TTL_SECONDS)
  ttlSeconds?: number;

  @ApiPropertyOptional({
    type: [AllowRuleDto],
    description:
      'when set, a proxied call that matches no rule answers 403 SECRET_PROXY.NOT_ALLOWED and nothing is sent; an empty list allows nothing',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_POLICY_RULES)
  @ValidateNested({ each: true })
  @Type(() => AllowRuleDto)
  allow?: AllowRuleDto[];

  @ApiPropertyOptional({
    type: ApprovalPolicyDto,
    description:
      'calls it covers are held until the approver answers in Slack: Approve forwards exactly the held request once; Deny answers 403 SECRET_PROXY.DENIED; no answer in time 403 SECRET_PROXY.APPROVAL_TIMEOUT',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ApprovalPolicyDto)
  approval?: ApprovalPolicyDto;
}
