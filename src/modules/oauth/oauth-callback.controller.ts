import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Public } from '../../shared/public.decorator';
import { CompleteAuthorizationUseCase } from './complete-authorization.usecase';
import { CallbackResponseDto } from './dto/authorization.response.dto';

@ApiTags('connections')
@Controller('oauth')
export class OAuthCallbackController {
  constructor(private readonly completeAuthorization: CompleteAuthorizationUseCase) {}

  // Providers add their own parameters (RFC 9207 `iss`, `error_description`…), so the query is read
  // field by field instead of through a whitelisting DTO.
  @Get('callback')
  @Public()
  @ApiOperation({ summary: 'OAuth redirect target; the single-use state is the credential (no API key)' })
  @ApiQuery({ name: 'code', required: false, type: String, description: "The provider's authorization code" })
  @ApiQuery({ name: 'state', required: false, type: String, description: 'The state from authorize' })
  @ApiQuery({ name: 'error', required: false, type: String, description: 'e.g. access_denied' })
  @ApiOkResponse({ type: CallbackResponseDto })
  @ApiFoundResponse({ description: 'redirect to returnUrl with ?connectionId=' })
  async handleOAuthCallback(
    @Query('code') code: string | undefined,
    @Query('state') state: string | undefined,
    @Query('error') error: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CallbackResponseDto | undefined> {
    const result = await this.completeAuthorization.execute({
      code: typeof code === 'string' ? code : undefined,
      state: typeof state === 'string' ? state : undefined,
      error: typeof error === 'string' ? error : undefined,
    });
    if (result.returnUrl) {
      const target = new URL(result.returnUrl);
      target.searchParams.set('connectionId', result.connectionId);
      void reply.status(302).header('location', target.toString());
      return undefined;
    }
    return { connectionId: result.connectionId, reconnected: result.reconnected };
  }
}
