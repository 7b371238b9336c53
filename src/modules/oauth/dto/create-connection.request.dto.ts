import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class ImportTokensDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(16384)
  accessToken: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(16384)
  refreshToken?: string;

  @ApiPropertyOptional({ description: 'seconds until the access token expires; absent = does not expire' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expiresIn?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  scope?: string;
}

export class CreateConnectionRequestDto {
  @ApiProperty({ example: 'slack', description: "the provider's key within the org" })
  @IsString()
  @MinLength(1)
  provider: string;

  @ApiPropertyOptional({
    type: ImportTokensDto,
    description: 'import tokens; omit for a client_credentials provider',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ImportTokensDto)
  tokens?: ImportTokensDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(512)
  externalAccountId?: string;

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
