import { Injectable, Logger } from '@nestjs/common';
import { OutboundHttp } from '../../shared/outbound';
import { AccessTokenService } from '../oauth';
import { InteractionNoChatApiError } from './pending-interactions.errors';

export type SlackCallResult = { ok: true; body: Record<string, unknown> } | { ok: false; error: string };

/** Slack's 200 `{ok:false}` codes that mean "this token is no good": refresh once and retry. */
const AUTH_ERRORS = new Set(['invalid_auth', 'token_expired', 'token_revoked', 'not_authed']);

/**
 * Slack Web API calls with the org's connection token, through the SSRF-safe client. Slack answers
 * HTTP 200 with `{ok:false,error}` on failure, so the body decides, not the status.
 */
@Injectable()
export class SlackChatClient {
  private readonly logger = new Logger(SlackChatClient.name);

  constructor(
    private readonly tokens: AccessTokenService,
    private readonly outbound: OutboundHttp,
  ) {}

  /** The chat API the connection's tokens were entered for; never a guessed default host. */
  async chatApiBaseUrl(orgId: string, connectionId: string): Promise<string> {
    const { apiBaseUrl } = await this.tokens.describeConnection(orgId, connectionId);
    if (!apiBaseUrl) throw new InteractionNoChatApiError();
    return apiBaseUrl.replace(/\/+$/, '');
  }

  postMessage(
    orgId: string,
    connectionId: string,
    message: Record<string, unknown>,
  ): Promise<SlackCallResult> {
    return this.call(orgId, connectionId, 'chat.postMessage', message);
  }

  /** Best effort: showing who answered must never undo or fail the answer itself. */
  async updateMessage(orgId: string, connectionId: string, message: Record<string, unknown>): Promise<void> {
    try {
      const result = await this.call(orgId, connectionId, 'chat.update', message);
      if (!result.ok) this.logger.warn({ orgId, connectionId, error: result.error }, 'chat.update failed');
    } catch (error) {
      this.logger.warn({ orgId, connectionId, err: error }, 'chat.update failed');
    }
  }

  private async call(
    orgId: string,
    connectionId: string,
    method: string,
    message: Record<string, unknown>,
  ): Promise<SlackCallResult> {
    const url = `${await this.chatApiBaseUrl(orgId, connectionId)}/${method}`;
    let { accessToken } = await this.tokens.getAccessToken(orgId, connectionId);
    let result = await this.send(url, accessToken, message);
    if (!result.ok && AUTH_ERRORS.has(result.error)) {
      // no new token (not refreshable, or refreshed after a rejection within the last minute): the failure stands
      const renewed = await this.tokens.refreshAfterRejection(orgId, connectionId, accessToken);
      if (!renewed) return result;
      ({ accessToken } = renewed);
      result = await this.send(url, accessToken, message);
    }
    return result;
  }

  private async send(
    url: string,
    accessToken: string,
    message: Record<string, unknown>,
  ): Promise<SlackCallResult> {
    const response = await this.outbound.request({
      url,
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
      timeouts: { connectMs: 5_000, headersMs: 10_000, bodyMs: 10_000 },
    });
    const text = await response.text();
    if (response.status === 401) return { ok: false, error: 'invalid_auth' };
    if (response.status < 200 || response.status >= 300)
      return { ok: false, error: `http_${response.status}` };
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      if (body.ok === true) return { ok: true, body };
      return { ok: false, error: slackErrorCode(body.error) };
    } catch {
      return { ok: false, error: 'invalid_response' };
    }
  }
}

/** Slack's error codes are short snake_case words; anything else from the upstream is not repeated. */
function slackErrorCode(error: unknown): string {
  return typeof error === 'string' && /^[a-z0-9_.]{1,64}$/i.test(error) ? error : 'unknown_error';
}
