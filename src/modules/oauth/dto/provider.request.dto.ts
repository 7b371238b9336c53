import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import {
  ERROR_STYLES,
  ErrorStyle,
  GRANT_TYPES,
  GrantType,
  TOKEN_AUTH_METHODS,
  TokenAuthMethod,
} from '../provider.entity';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export class CreateProviderRequestDto {
  @ApiProperty({ example: 'slack', description: 'unique per org; connections name their provider by it' })
  @Matches(KEY_PATTERN, { message: 'key must be a slug ([a-z0-9][a-z0-9_-]{0,63})' })
  key: string;

  @ApiPropertyOptional({
    example: 'https://slack.com/oauth/v2/authorize',
    description: 'required for authorization_code',
  })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  authorizeUrl?: string;

  @ApiProperty({ example: 'https://slack.com/api/oauth.v2.access' })
  @IsUrl(URL_OPTIONS)
  tokenUrl: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  clientId: string;

  @ApiPropertyOptional({ description: 'stored encrypted; never returned' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  clientSecret?: string;

  @ApiPropertyOptional({ type: [String], example: ['chat:write'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  scopes?: string[];

  @ApiPropertyOptional({ enum: GRANT_TYPES, default: 'authorization_code' })
  @IsOptional()
  @IsIn(GRANT_TYPES)
  grantType?: GrantType;

  @ApiPropertyOptional({ enum: TOKEN_AUTH_METHODS, default: 'client_secret_post' })
  @IsOptional()
  @IsIn(TOKEN_AUTH_METHODS)
  tokenAuthMethod?: TokenAuthMethod;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  usePkce?: boolean;

  @ApiPropertyOptional({
    example: 'https://slack.com/api',
    description: 'base URL the secret proxy forwards to',
  })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  apiBaseUrl?: string;

  @ApiPropertyOptional({
    enum: ERROR_STYLES,
    default: 'standard',
    description: 'slack: HTTP 200 {ok:false} is a failure',
  })
  @IsOptional()
  @IsIn(ERROR_STYLES)
  errorStyle?: ErrorStyle;
}

export class UpdateProviderRequestDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(KEY_PATTERN, { message: 'key must be a slug ([a-z0-9][a-z0-9_-]{0,63})' })
  key?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  authorizeUrl?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  tokenUrl?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  clientId?: string;

  @ApiPropertyOptional({
    description:
      'replaces the stored secret; never returned. Required when authorizeUrl, tokenUrl or apiBaseUrl change',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  clientSecret?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  scopes?: string[];

  @ApiPropertyOptional({ enum: GRANT_TYPES })
  @IsOptional()
  @IsIn(GRANT_TYPES)
  grantType?: GrantType;

  @ApiPropertyOptional({ enum: TOKEN_AUTH_METHODS })
  @IsOptional()
  @IsIn(TOKEN_AUTH_METHODS)
  tokenAuthMethod?: TokenAuthMethod;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  usePkce?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  apiBaseUrl?: string;

  @ApiPropertyOptional({ enum: ERROR_STYLES })
  @IsOptional()
  @IsIn(ERROR_STYLES)
  errorStyle?: ErrorStyle;
}
