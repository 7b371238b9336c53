import { ApiProperty } from '@nestjs/swagger';
import { describeQuirks, templateParams } from '../catalog/describe-template';
import { ProviderTemplate } from '../catalog/provider-template';
import { ERROR_STYLES, ErrorStyle, TOKEN_AUTH_METHODS, TokenAuthMethod } from '../provider.entity';

export class CatalogProviderDto {
  @ApiProperty({ example: 'google', description: 'the value of `template` on provider create' })
  template: string;
  @ApiProperty({ example: 'Google' }) name: string;
  @ApiProperty() authorizeUrl: string;
  @ApiProperty() tokenUrl: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'null when each connection brings its own (from the token answer)',
  })
  apiBaseUrl: string | null;
  @ApiProperty({ enum: TOKEN_AUTH_METHODS }) tokenAuthMethod: TokenAuthMethod;
  @ApiProperty() usePkce: boolean;
  @ApiProperty({ enum: ERROR_STYLES }) errorStyle: ErrorStyle;
  @ApiProperty({ type: [String] }) defaultScopes: string[];
  @ApiProperty({
    type: [String],
    example: ['shop'],
    description: "per-connection values the template's URLs contain ({shop}); give them as `params`",
  })
  params: string[];
  @ApiProperty({ description: "the provider's own OAuth documentation" }) docsUrl: string;
  @ApiProperty({ type: [String], description: 'what plugboard does for this provider, one sentence each' })
  quirks: string[];
}

export class CatalogResponseDto {
  @ApiProperty({ type: [CatalogProviderDto] }) items: CatalogProviderDto[];
}

export function toCatalogProvider(template: ProviderTemplate): CatalogProviderDto {
  return {
    template: template.template,
    name: template.name,
    authorizeUrl: template.authorizeUrl,
    tokenUrl: template.tokenUrl,
    apiBaseUrl: template.apiBaseUrl,
    tokenAuthMethod: template.tokenAuthMethod,
    usePkce: template.usePkce,
    errorStyle: template.errorStyle,
    defaultScopes: [...template.defaultScopes],
    params: templateParams(template),
    docsUrl: template.docsUrl,
    quirks: describeQuirks(template),
  };
}
