import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ListQueryDto, Page } from '../../shared/pagination';
import { OperatorOnly } from '../../shared/public.decorator';
import { ParseIdPipe } from '../../shared/validation';
import { CreatedApiKeyResponseDto } from './dto/api-key.response.dto';
import { CreateApiKeyRequestDto } from './dto/create-api-key.request.dto';
import { CreateOrgRequestDto } from './dto/create-org.request.dto';
import { OrgListResponseDto, OrgResponseDto } from './dto/org.response.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('orgs')
@ApiBearerAuth()
@Controller('v1/orgs')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @OperatorOnly()
  @ApiOperation({ summary: 'Create an org (operator)' })
  @ApiCreatedResponse({ type: OrgResponseDto })
  createOrg(@Body() body: CreateOrgRequestDto): Promise<OrgResponseDto> {
    return this.organizations.createOrg(body.name);
  }

  @Get()
  @OperatorOnly()
  @ApiOperation({ summary: 'List orgs (operator)' })
  @ApiOkResponse({ type: OrgListResponseDto })
  listOrgs(@Query() query: ListQueryDto): Promise<Page<OrgResponseDto>> {
    return this.organizations.listOrgs(query);
  }

  @Get(':orgId')
  @ApiOperation({ summary: 'Read an org (operator, or its own key)' })
  @ApiOkResponse({ type: OrgResponseDto })
  getOrg(@Param('orgId', ParseIdPipe) orgId: string): Promise<OrgResponseDto> {
    return this.organizations.getOrg(orgId);
  }

  @Post(':orgId/api-keys')
  @OperatorOnly()
  @ApiOperation({ summary: 'Create an org API key; the key is shown once (operator)' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDto })
  createApiKey(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Body() body: CreateApiKeyRequestDto,
  ): Promise<CreatedApiKeyResponseDto> {
    return this.organizations.createApiKey(orgId, body.name);
  }

  @Delete(':orgId/api-keys/:id')
  @OperatorOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an org API key (operator)' })
  @ApiNoContentResponse()
  deleteApiKey(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<void> {
    return this.organizations.deleteApiKey(orgId, id);
  }
}
