import { ApiProperty } from '@nestjs/swagger';
import {
  ERROR_STYLES,
  ErrorStyle,
  GRANT_TYPES,
  GrantType,
  ProviderEntity,
  TOKEN_AUTH_METHODS,
  TokenAuthMethod,
} from '../provider.entity';

export class ProviderResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() key: string;
  @ApiProperty({ type: String, nullable: true }) authorizeUrl: string | null;
  @ApiProperty() tokenUrl: string;
  @ApiProperty() clientId: string;
  @ApiProperty({ description: 'whether a client secret is stored (the secret itself is never returned)' })
  hasClientSecret: boolean;
  @ApiProperty({ type: [String] }) scopes: string[];
  @ApiProperty({ enum: GRANT_TYPES }) grantType: GrantType;
  @ApiProperty({ enum: TOKEN_AUTH_METHODS }) tokenAuthMethod: TokenAuthMethod;
  @ApiProperty() usePkce: boolean;
  @ApiProperty({ type: String, nullable: true }) apiBaseUrl: string | null;
  @ApiProperty({ enum: ERROR_STYLES }) errorStyle: ErrorStyle;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the catalog template it was created from (its quirks apply), `mcp`, or null',
  })
  template: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'RFC 8707 resource sent on authorize, token and refresh (an MCP server)',
  })
  resource: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class ProviderListResponseDto {
  @ApiProperty({ type: [ProviderResponseDto] }) items: ProviderResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** Allow-list: the client secret never leaves. */
export function toProviderResponse(provider: ProviderEntity): ProviderResponseDto {
  return {
    id: provider.id,
    key: provider.key,
    authorizeUrl: provider.authorizeUrl,
    tokenUrl: provider.tokenUrl,
    clientId: provider.clientId,
    hasClientSecret: provider.clientSecretEncrypted !== null,
    scopes: provider.scopes,
    grantType: provider.grantType,
    tokenAuthMethod: provider.tokenAuthMethod,
    usePkce: provider.usePkce,
    apiBaseUrl: provider.apiBaseUrl,
    errorStyle: provider.errorStyle,
    template: provider.template,
    resource: provider.resourceIndicator,
    createdAt: provider.createdAt.toISOString(),
    updatedAt: provider.updatedAt.toISOString(),
  };
}
