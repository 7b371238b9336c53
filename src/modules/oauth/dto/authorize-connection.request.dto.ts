import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsObject, IsOptional, IsString, IsUrl, IsUUID, MinLength } from 'class-validator';

export class AuthorizeRequestDto {
  @ApiProperty({ example: 'slack', description: "the provider's key within the org" })
  @IsString()
  @MinLength(1)
  provider: string;

  @ApiPropertyOptional({ description: 'reconnect this connection instead of creating a new one' })
  @IsOptional()
  @IsUUID()
  connectionId?: string;

  @ApiPropertyOptional({
    description: 'the callback redirects here with ?connectionId= instead of answering JSON',
  })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  returnUrl?: string;

  @ApiPropertyOptional({ type: [String], description: "defaults to the provider's scopes" })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  scopes?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { shop: 'acme' },
    description:
      "values of the provider's URL parameters (its catalog entry's `params`), each [A-Za-z0-9-]{1,63}",
  })
  @IsOptional()
  @IsObject()
  params?: Record<string, string>;
}
