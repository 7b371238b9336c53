import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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

export class CreateProviderRequestDto {
  @ApiProperty({ example: 'slack', description: 'unique per org; connections name their provider by it' })
  @Matches(KEY_PATTERN, { message: 'key must be a slug ([a-z0-9][a-z0-9_-]{0,63})' })
  key: string;

  @ApiPropertyOptional({
    example: 'slack',
    description:
      'a catalog template (GET /v1/catalog/providers) that fills every field not given here, or `mcp` ' +
      'to discover an MCP server (with mcpServerUrl)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  template?: string;

  @ApiPropertyOptional({
    example: 'https://mcp.example.com/mcp',
    description:
      "template mcp: the MCP server's URL; its authorization server is discovered and registered with",
  })
  @IsOptional()
  @IsProviderUrl()
  mcpServerUrl?: string;

  @ApiPropertyOptional({
    example: 'https://slack.com/oauth/v2/authorize',
    description: 'required for authorization_code (filled from the template when one is given)',
  })
  @IsOptional()
  @IsProviderUrl()
  authorizeUrl?: string;

  @ApiPropertyOptional({
    example: 'https://slack.com/api/oauth.v2.access',
    description: 'required unless a template gives it',
  })
  @IsOptional()
  @IsProviderUrl()
  tokenUrl?: string;

  @ApiPropertyOptional({ description: 'required unless template is mcp (then the registration gives it)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  clientId?: string;

  @ApiPropertyOptional({ description: 'stored encrypted; never returned' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  clientSecret?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['chat:write'],
    description: "default: the template's defaultScopes",
  })
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
  @IsProviderUrl()
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
