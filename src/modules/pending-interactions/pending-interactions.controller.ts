import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListQueryDto, Page } from '../../shared/pagination';
import { ParseIdPipe } from '../../shared/validation';
import { AnswerInteractionRequestDto } from './dto/answer-interaction.request.dto';
import { CreateInteractionRequestDto } from './dto/create-interaction.request.dto';
import {
  AnswerInteractionResponseDto,
  InteractionListResponseDto,
  InteractionResponseDto,
} from './dto/interaction.response.dto';
import { ParseInteractionIdPipe } from './parse-interaction-id.pipe';
import { PendingInteractionsService } from './pending-interactions.service';

@ApiTags('interactions')
@ApiBearerAuth()
@Controller('v1/orgs/:orgId/interactions')
export class PendingInteractionsController {
  constructor(private readonly interactions: PendingInteractionsService) {}

  @Post()
  @ApiOperation({
    summary: 'Ask a human: store the question and post it to the chat with one button per option',
    description:
      "The connection's provider must have an apiBaseUrl (400 INTERACTION.NO_CHAT_API otherwise: no host is ever guessed). An id that names an approval the secret proxy asked answers 409 INTERACTION.ID_IN_USE.",
  })
  @ApiCreatedResponse({ type: InteractionResponseDto })
  createInteraction(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Body() body: CreateInteractionRequestDto,
  ): Promise<InteractionResponseDto> {
    return this.interactions.createInteraction(orgId, body);
  }

  @Post(':id/answer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Answer an interaction; exactly one answer wins',
    description:
      "An approval (kind approval) takes only Approve or Deny (400 otherwise); Approve forwards the request held for it, once. A question's answer is stored with its delivery to the agent, together or not at all: 503 INTERACTION.ANSWER_NOT_STORED (with Retry-After) leaves the interaction open.",
  })
  @ApiOkResponse({ type: AnswerInteractionResponseDto })
  answerInteraction(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseInteractionIdPipe) id: string,
    @Body() body: AnswerInteractionRequestDto,
  ): Promise<{ claimed: true }> {
    return this.interactions.answerInteraction(orgId, id, body);
  }

  @Get()
  @ApiOperation({ summary: 'List interactions (questions and approvals), newest first' })
  @ApiOkResponse({ type: InteractionListResponseDto })
  listInteractions(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Query() query: ListQueryDto,
  ): Promise<Page<InteractionResponseDto>> {
    return this.interactions.listInteractions(orgId, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read one interaction with its status (PENDING, ANSWERED, EXPIRED)' })
  @ApiOkResponse({ type: InteractionResponseDto })
  getInteraction(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Param('id', ParseInteractionIdPipe) id: string,
  ): Promise<InteractionResponseDto> {
    return this.interactions.getInteraction(orgId, id);
  }
}
