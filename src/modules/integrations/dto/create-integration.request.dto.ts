import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
} from 'class-validator';
import { ingressSecretProblem } from '../ingress-secret.rules';
import {
  DELIVERY_MODES,
  DeliveryMode,
  INGRESS_SCHEMES,
  IngressScheme,
  INSTANCE_ID,
  ON_ERROR_POLICIES,
  OnErrorPolicy,
  PLUGIN_SLUG,
} from '../integration.types';

@ValidatorConstraint({ name: 'strongIngressSecret' })
class StrongIngressSecret implements ValidatorConstraintInterface {
  validate(secret: unknown, args: ValidationArguments): boolean {
    const { scheme } = args.object as IngressSettingsDto;
    if (typeof secret !== 'string' || !INGRESS_SCHEMES.includes(scheme)) return true;
    return ingressSecretProblem(scheme, secret) === null;
  }

  defaultMessage(args: ValidationArguments): string {
    const { scheme, secret } = args.object as IngressSettingsDto;
    return ingressSecretProblem(scheme, secret ?? '') ?? 'secret is too weak';
  }
}

export class IngressSettingsDto {
  @ApiProperty({ enum: INGRESS_SCHEMES, description: 'how ingress verifies the provider’s requests' })
  @IsIn(INGRESS_SCHEMES)
  scheme: IngressScheme;

  @ApiPropertyOptional({
    description:
      'the provider’s signing secret; required unless scheme is none. standard-webhooks: whsec_<base64> or bare base64 decoding to at least 16 bytes; other schemes: at least 16 characters',
  })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  @Validate(StrongIngressSecret)
  secret?: string;
}

export class CreateIntegrationRequestDto {
  @ApiProperty({ example: 'Support Slack' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'slack', pattern: PLUGIN_SLUG.source })
  @IsString()
  @Matches(PLUGIN_SLUG, { message: 'plugin must be a slug: [a-z0-9][a-z0-9_-]{0,63}' })
  plugin: string;

  @ApiPropertyOptional({
    example: 'acme-main',
    description:
      'a name unique per org and plugin (generated when absent); the integration’s instanceId, the instance segment of its ingress URL, is this name plus an unguessable suffix',
  })
  @IsOptional()
  @IsString()
  @Matches(INSTANCE_ID, { message: 'instanceId must be 1-128 characters of A-Z a-z 0-9 _ . -' })
  instanceId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  connectionIds?: string[];

  @ApiPropertyOptional({
    example: 'https://agents.example.com/hooks',
    description: 'where deliveries are POSTed; required in push mode, absent in pull mode',
  })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  deliveryUrl?: string;

  @ApiPropertyOptional({
    enum: DELIVERY_MODES,
    default: 'push',
    description: 'push: POST to deliveryUrl; pull: the agent pulls its deliveries (no public URL needed)',
  })
  @IsOptional()
  @IsIn(DELIVERY_MODES)
  deliveryMode?: DeliveryMode;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'pull mode: agents whose worker tokens may pull (an org key always may)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  pullAgentIds?: string[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;

  @ApiProperty({ type: IngressSettingsDto })
  @ValidateNested()
  @Type(() => IngressSettingsDto)
  ingress: IngressSettingsDto;

  @ApiPropertyOptional({ enum: ON_ERROR_POLICIES, default: 'park' })
  @IsOptional()
  @IsIn(ON_ERROR_POLICIES)
  onError?: OnErrorPolicy;
}
