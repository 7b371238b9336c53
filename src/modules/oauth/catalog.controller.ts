import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogResponseDto } from './dto/catalog.response.dto';
import { ProvidersService } from './providers.service';

@ApiTags('providers')
@ApiBearerAuth()
@Controller('v1/catalog')
export class CatalogController {
  constructor(private readonly providers: ProvidersService) {}

  @Get('providers')
  @ApiOperation({
    summary:
      'The provider catalog: templates for POST /v1/orgs/:orgId/providers {key, template, clientId, clientSecret}',
  })
  @ApiOkResponse({ type: CatalogResponseDto })
  listCatalog(): CatalogResponseDto {
    return this.providers.listCatalog();
  }
}
