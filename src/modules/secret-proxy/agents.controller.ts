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
import { ParseIdPipe } from '../../shared/validation';
import { AgentsService } from './agents.service';
import { AgentListResponseDto, AgentResponseDto } from './dto/agent.response.dto';
import { CreateAgentRequestDto } from './dto/create-agent.request.dto';
import { CreatePlaceholderRequestDto } from './dto/create-placeholder.request.dto';
import { CreateWorkerTokenRequestDto } from './dto/create-worker-token.request.dto';
import {
  PlaceholderPageDto,
  PlaceholderResponseDto,
  PlaceholderSummaryResponseDto,
} from './dto/placeholder.response.dto';
import {
  IssuedWorkerTokenResponseDto,
  WorkerTokenPageDto,
  WorkerTokenResponseDto,
} from './dto/worker-token.response.dto';
import { PlaceholdersService } from './placeholders.service';
import { WorkerTokensService } from './worker-tokens.service';

@ApiTags('secret-proxy')
@ApiBearerAuth()
@Controller('v1/orgs/:orgId/agents')
export class AgentsController {
  constructor(
    private readonly agents: AgentsService,
    private readonly workerTokens: WorkerTokensService,
    private readonly placeholders: PlaceholdersService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an agent (the identity worker tokens and placeholders are bound to)' })
  @ApiCreatedResponse({ type: AgentResponseDto })
  createAgent(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Body() body: CreateAgentRequestDto,
  ): Promise<AgentResponseDto> {
    return this.agents.createAgent(orgId, { id: body.id?.toLowerCase(), name: body.name });
  }

  @Get()
  @ApiOperation({ summary: "List the org's agents, newest first" })
  @ApiOkResponse({ type: AgentListResponseDto })
  listAgents(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Query() query: ListQueryDto,
  ): Promise<Page<AgentResponseDto>> {
    return this.agents.listAgents(orgId, query);
  }

  @Delete(':agentId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an agent; its worker tokens are revoked and its placeholders deleted' })
  @ApiNoContentResponse()
  deleteAgent(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('agentId', ParseIdPipe) agentId: string,
  ): Promise<void> {
    return this.agents.deleteAgent(orgId, agentId);
  }

  @Post(':agentId/worker-tokens')
  @ApiOperation({ summary: 'Issue a worker token (pbw_…, shown once; default TTL 2 h)' })
  @ApiCreatedResponse({ type: IssuedWorkerTokenResponseDto })
  createWorkerToken(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('agentId', ParseIdPipe) agentId: string,
    @Body() body: CreateWorkerTokenRequestDto,
  ): Promise<IssuedWorkerTokenResponseDto> {
    return this.workerTokens.issueWorkerToken(orgId, agentId, body.ttlSeconds);
  }

  @Get(':agentId/worker-tokens')
  @ApiOperation({ summary: "List the agent's worker tokens (never the tokens themselves), newest first" })
  @ApiOkResponse({ type: WorkerTokenPageDto })
  listWorkerTokens(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('agentId', ParseIdPipe) agentId: string,
    @Query() query: ListQueryDto,
  ): Promise<Page<WorkerTokenResponseDto>> {
    return this.workerTokens.listWorkerTokens(orgId, agentId, query);
  }

  @Delete(':agentId/worker-tokens/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a worker token: refused (401) by every process within 1 s' })
  @ApiNoContentResponse()
  deleteWorkerToken(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('agentId', ParseIdPipe) agentId: string,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<void> {
    return this.workerTokens.deleteWorkerToken(orgId, agentId, id);
  }

  @Post(':agentId/placeholders')
  @ApiOperation({
    summary: 'Issue a placeholder (pb_secret_<uuid>) for a connection (default TTL 24 h)',
    description:
      "Optional policy, fixed for the placeholder's life: `allow` (method and path rules; anything else answers 403 SECRET_PROXY.NOT_ALLOWED) and `approval` (calls it covers wait for the approver's click in Slack). Bad rules answer 400 REQUEST.INVALID; an approval's integration or connection outside the org 404; a connection with no chat API 400 INTERACTION.NO_CHAT_API.",
  })
  @ApiCreatedResponse({ type: PlaceholderResponseDto })
  createPlaceholder(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('agentId', ParseIdPipe) agentId: string,
    @Body() body: CreatePlaceholderRequestDto,
  ): Promise<PlaceholderResponseDto> {
    return this.placeholders.issuePlaceholder(orgId, agentId, {
      ...body,
      connectionId: body.connectionId.toLowerCase(),
    });
  }

  @Get(':agentId/placeholders')
  @ApiOperation({ summary: "List the agent's unexpired placeholders with their policies, newest first" })
  @ApiOkResponse({ type: PlaceholderPageDto })
  listPlaceholders(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('agentId', ParseIdPipe) agentId: string,
    @Query() query: ListQueryDto,
  ): Promise<Page<PlaceholderSummaryResponseDto>> {
    return this.placeholders.listPlaceholders(orgId, agentId, query);
  }

  @Delete(':agentId/placeholders/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a placeholder: refused (403) by every process within 1 s' })
  @ApiNoContentResponse()
  deletePlaceholder(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('agentId', ParseIdPipe) agentId: string,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<void> {
    return this.placeholders.deletePlaceholder(orgId, agentId, id);
  }
}
