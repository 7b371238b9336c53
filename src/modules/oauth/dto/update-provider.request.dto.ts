import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
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
import { KEY_PATTERN, IsProviderUrl } from './provider-fields';

export class UpdateProviderRequestDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(KEY_PATTERN, { message: 'key must be a slug ([a-z0-9][a-z0-9_-]{0,63})' })
  key?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsProviderUrl()
  authorizeUrl?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsProviderUrl()
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
  @IsProviderUrl()
  apiBaseUrl?: string;

  @ApiPropertyOptional({ enum: ERROR_STYLES })
  @IsOptional()
  @IsIn(ERROR_STYLES)
  errorStyle?: ErrorStyle;
}
