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
import { CreateIntegrationRequestDto } from './dto/create-integration.request.dto';
import {
  CreatedIntegrationResponseDto,
  IntegrationListResponseDto,
  IntegrationResponseDto,
  RotatedDeliverySecretResponseDto,
} from './dto/integration.response.dto';
import { UpdateIntegrationRequestDto } from './dto/update-integration.request.dto';
import { IntegrationsService } from './integrations.service';

@ApiTags('integrations')
@ApiBearerAuth()
@Controller('v1/orgs/:orgId/integrations')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Post()
  @ApiOperation({ summary: 'Create an integration; deliverySecret is shown once' })
  @ApiCreatedResponse({ type: CreatedIntegrationResponseDto })
  createIntegration(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Body() body: CreateIntegrationRequestDto,
  ): Promise<CreatedIntegrationResponseDto> {
    return this.integrations.createIntegration(orgId, body);
  }

  @Get()
  @ApiOperation({ summary: 'List integrations' })
  @ApiOkResponse({ type: IntegrationListResponseDto })
  listIntegrations(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Query() query: ListQueryDto,
  ): Promise<Page<IntegrationResponseDto>> {
    return this.integrations.listIntegrations(orgId, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read an integration' })
  @ApiOkResponse({ type: IntegrationResponseDto })
  getIntegration(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<IntegrationResponseDto> {
    return this.integrations.getIntegration(orgId, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Enable/disable or edit an integration; ENABLED redrives its parked deliveries' })
  @ApiOkResponse({ type: IntegrationResponseDto })
  updateIntegration(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: UpdateIntegrationRequestDto,
  ): Promise<IntegrationResponseDto> {
    return this.integrations.updateIntegration(orgId, id, body);
  }

  @Post(':id/rotate-delivery-secret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate the delivery secret; the new one is shown once, the old one keeps signing for 24 h',
  })
  @ApiOkResponse({ type: RotatedDeliverySecretResponseDto })
  rotateDeliverySecret(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<RotatedDeliverySecretResponseDto> {
    return this.integrations.rotateDeliverySecret(orgId, id.toLowerCase());
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an integration' })
  @ApiNoContentResponse()
  deleteIntegration(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<void> {
    return this.integrations.deleteIntegration(orgId, id);
  }
}
