import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ListQueryDto, Page } from '../../shared/pagination';
import { ParseIdPipe } from '../../shared/validation';
import { AuthorizationService } from './authorization.service';
import { ConnectionsService } from './connections.service';
import { AuthorizeRequestDto } from './dto/authorize-connection.request.dto';
import { CreateConnectionRequestDto } from './dto/create-connection.request.dto';
import { AccessTokenResponseDto } from './dto/access-token.response.dto';
import { AuthorizeResponseDto } from './dto/authorization.response.dto';
import { ConnectionListResponseDto, ConnectionResponseDto } from './dto/connection.response.dto';
import { RefreshResponseDto } from './dto/refresh.response.dto';

@ApiTags('connections')
@ApiBearerAuth()
@Controller('v1/orgs/:orgId/connections')
export class ConnectionsController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly authorization: AuthorizationService,
  ) {}

  @Post('authorize')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start an OAuth authorization (or a reconnect with connectionId)' })
  @ApiOkResponse({ type: AuthorizeResponseDto })
  authorizeConnection(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Body() body: AuthorizeRequestDto,
  ): Promise<AuthorizeResponseDto> {
    return this.authorization.authorize(orgId, body);
  }

  @Post()
  @ApiOperation({ summary: 'Import tokens, or obtain a client_credentials token' })
  @ApiCreatedResponse({ type: ConnectionResponseDto })
  createConnection(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Body() body: CreateConnectionRequestDto,
  ): Promise<ConnectionResponseDto> {
    return this.connections.createConnection(orgId, body);
  }

  @Get()
  @ApiOperation({ summary: "List the org's connections (never a token)" })
  @ApiOkResponse({ type: ConnectionListResponseDto })
  listConnections(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Query() query: ListQueryDto,
  ): Promise<Page<ConnectionResponseDto>> {
    return this.connections.listConnections(orgId, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a connection (never a token)' })
  @ApiOkResponse({ type: ConnectionResponseDto })
  getConnection(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<ConnectionResponseDto> {
    return this.connections.getConnection(orgId, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a connection' })
  @ApiNoContentResponse()
  deleteConnection(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<void> {
    return this.connections.deleteConnection(orgId, id);
  }

  @Post(':id/access-token')
  @HttpCode(200)
  @ApiOperation({ summary: 'A valid access token, refreshed first when it expires within the skew' })
  @ApiOkResponse({ type: AccessTokenResponseDto })
  @ApiConflictResponse({ description: 'CONNECTION.INVALID: the connection needs a reconnect' })
  @ApiServiceUnavailableResponse({ description: 'CONNECTION.REFRESH_UNAVAILABLE, with Retry-After' })
  issueAccessToken(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<AccessTokenResponseDto> {
    return this.connections.issueAccessToken(orgId, id);
  }

  @Post(':id/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Refresh now; answers {ok:true,expiresAt} or {ok:false,errorCode,terminal}' })
  @ApiOkResponse({ type: RefreshResponseDto })
  refreshConnection(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<RefreshResponseDto> {
    return this.connections.refreshConnection(orgId, id);
  }
}
