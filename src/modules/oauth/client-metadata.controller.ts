import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../../config';
import { Public } from '../../shared/public.decorator';
import { ClientMetadataDocument, clientMetadataDocument } from './mcp/client-metadata';

class ClientMetadataDocumentDto implements ClientMetadataDocument {
  @ApiProperty({ example: 'https://plugboard.example.com/oauth/client-metadata.json' }) client_id: string;
  @ApiProperty() client_name: string;
  @ApiProperty() client_uri: string;
  @ApiProperty({ type: [String] }) redirect_uris: string[];
  @ApiProperty({ type: [String] }) grant_types: string[];
  @ApiProperty({ type: [String] }) response_types: string[];
  @ApiProperty({ enum: ['none'] }) token_endpoint_auth_method: 'none';
}

@ApiTags('providers')
@Controller('oauth')
export class ClientMetadataController {
  constructor(private readonly config: AppConfig) {}

  // MCP authorization servers that support Client ID Metadata Documents fetch this (no API key)
  @Get('client-metadata.json')
  @Public()
  @ApiOperation({
    summary: "plugboard's OAuth Client ID Metadata Document (its client_id at MCP authorization servers)",
  })
  @ApiOkResponse({ type: ClientMetadataDocumentDto })
  clientMetadata(): ClientMetadataDocumentDto {
    return clientMetadataDocument(this.config.publicUrl);
  }
}
