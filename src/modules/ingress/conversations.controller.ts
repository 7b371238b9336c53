import { Body, Controller, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Page } from '../../shared/pagination';
import { ParseIdPipe } from '../../shared/validation';
import { ConversationsService } from './conversations.service';
import { ConversationListResponseDto, ConversationResponseDto } from './dto/conversation.response.dto';
import { ListConversationsQueryDto } from './dto/list-conversations.request.dto';
import { PutConversationRequestDto } from './dto/put-conversation.request.dto';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('v1/orgs/:orgId/conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Put()
  @HttpCode(200)
  @ApiOperation({ summary: 'Bind an external conversation to an internal conversation id' })
  @ApiOkResponse({ type: ConversationResponseDto })
  mapConversation(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Body() body: PutConversationRequestDto,
  ): Promise<ConversationResponseDto> {
    return this.conversations.mapConversation(orgId, body);
  }

  @Get()
  @ApiOperation({ summary: 'List conversation mappings' })
  @ApiOkResponse({ type: ConversationListResponseDto })
  listConversations(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Query() query: ListConversationsQueryDto,
  ): Promise<Page<ConversationResponseDto>> {
    return this.conversations.listConversations(orgId, query);
  }
}
