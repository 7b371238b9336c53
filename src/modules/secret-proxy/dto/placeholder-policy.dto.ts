import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import {
  DEFAULT_APPROVAL_TIMEOUT_SECONDS,
  MAX_APPROVAL_TIMEOUT_SECONDS,
  MAX_POLICY_RULES,
  POLICY_METHODS,
} from '../placeholder-policy';

const PATH_DESCRIPTION =
  'the decoded path after /proxy/:provider, without the query; `*` matches one segment, `**` any number';

export class AllowRuleDto {
  @ApiProperty({
    type: [String],
    enum: POLICY_METHODS,
    example: ['GET', 'POST'],
    description: 'case-insensitive',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(POLICY_METHODS.length)
  @IsString({ each: true })
  methods: string[];

  @ApiProperty({ example: '/conversations.history', description: PATH_DESCRIPTION })
  @IsString()
  path: string;
}

export class ApprovalPolicyDto {
  @ApiProperty({
    format: 'uuid',
    description: 'the Slack integration whose ingress receives the button clicks',
  })
  @IsUUID()
  integrationId: string;

  @ApiProperty({ format: 'uuid', description: 'the Slack connection that posts the approval' })
  @IsUUID()
  connectionId: string;

  @ApiProperty({ example: 'C0FINANCE', description: 'chat channel id' })
  @IsString()
  @Length(1, 128)
  channel: string;

  @ApiProperty({ example: 'U0MANAGER', description: 'the chat user who may approve (Slack user id)' })
  @IsString()
  @Length(1, 64)
  approverUserId: string;

  @ApiPropertyOptional({
    type: [String],
    enum: POLICY_METHODS,
    description: 'methods that wait for approval; default every method but GET, HEAD and OPTIONS',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(POLICY_METHODS.length)
  @IsString({ each: true })
  methods?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['/chat.postMessage'],
    description: `paths that wait for approval (default all); ${PATH_DESCRIPTION}. Matched generously: case, trailing slashes and ;parameters are ignored`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_POLICY_RULES)
  @IsString({ each: true })
  paths?: string[];

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_APPROVAL_TIMEOUT_SECONDS,
    default: DEFAULT_APPROVAL_TIMEOUT_SECONDS,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_APPROVAL_TIMEOUT_SECONDS)
  timeoutSeconds?: number;
}

/** The policy as every response shows it: the approval's defaults written out. */
export class ApprovalPolicyResponseDto {
  @ApiProperty({ format: 'uuid' }) integrationId: string;
  @ApiProperty({ format: 'uuid' }) connectionId: string;
  @ApiProperty() channel: string;
  @ApiProperty() approverUserId: string;
  @ApiProperty({ type: [String], enum: POLICY_METHODS }) methods: string[];
  @ApiProperty({ type: [String], nullable: true, description: 'null: every path' }) paths: string[] | null;
  @ApiProperty() timeoutSeconds: number;
}
