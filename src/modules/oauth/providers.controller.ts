import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ListQueryDto, Page } from '../../shared/pagination';
import { ParseIdPipe } from '../../shared/validation';
import { CreateProviderRequestDto } from './dto/create-provider.request.dto';
import { UpdateProviderRequestDto } from './dto/update-provider.request.dto';
import { ProviderListResponseDto, ProviderResponseDto } from './dto/provider.response.dto';
import { ProvidersService } from './providers.service';

@ApiTags('providers')
@ApiBearerAuth()
@Controller('v1/orgs/:orgId/providers')
export class ProvidersController {
  constructor(private readonly providers: ProvidersService) {}

  @Post()
  @ApiOperation({
    summary: 'Configure an OAuth provider (app) for the org; the client secret is never returned',
  })
  @ApiCreatedResponse({ type: ProviderResponseDto })
  createProvider(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Body() body: CreateProviderRequestDto,
  ): Promise<ProviderResponseDto> {
    return this.providers.createProvider(orgId, body);
  }

  @Get()
  @ApiOperation({ summary: "List the org's providers" })
  @ApiOkResponse({ type: ProviderListResponseDto })
  listProviders(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Query() query: ListQueryDto,
  ): Promise<Page<ProviderResponseDto>> {
    return this.providers.listProviders(orgId, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a provider' })
  @ApiOkResponse({ type: ProviderResponseDto })
  getProvider(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<ProviderResponseDto> {
    return this.providers.getProvider(orgId, id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Update a provider',
    description:
      'A change of authorizeUrl, tokenUrl or apiBaseUrl must carry clientSecret again (400 PROVIDER.SECRET_REQUIRED otherwise).',
  })
  @ApiOkResponse({ type: ProviderResponseDto })
  updateProvider(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: UpdateProviderRequestDto,
  ): Promise<ProviderResponseDto> {
    return this.providers.updateProvider(orgId, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a provider and its connections' })
  @ApiNoContentResponse()
  deleteProvider(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<void> {
    return this.providers.deleteProvider(orgId, id);
  }
}
