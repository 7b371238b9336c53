import { ChangeChannel } from '../../database';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ENCRYPTED_COLUMNS, secretAt } from '../../shared/encrypted-columns';
import { EventBus } from '../../shared/event-bus';
import { REAUTH_SUCCEEDED } from '../../shared/events';
import { Keyring } from '../../shared/keyring';
import { OrgContext } from '../../shared/org-context';
import { hashToken } from '../../shared/secure-token';
import { ConnectionTokens } from './connection-tokens';
import { ConnectionsRepository } from './connections.repository';
import { OAuthStatesRepository } from './oauth-states.repository';
import {
  ConnectionNotFoundError,
  InvalidStateError,
  ProviderAuthorizationError,
  TokenExchangeFailedError,
} from './oauth.errors';
import { ProvidersRepository } from './providers.repository';
import { TokenEndpointClient } from './token-endpoint.client';

export interface CallbackInput {
  code?: string;
  state?: string;
  error?: string;
}

export interface CallbackResult {
  connectionId: string;
  reconnected: boolean;
  returnUrl: string | null;
}

/**
 * GET /oauth/callback: the state is the credential. It is consumed first, in one statement, so it can
 * never be replayed, then the code is exchanged. A reconnect clears the terminal block, so
 * a user who fixed the grant is not left waiting out a block set for the old one.
 */
@Injectable()
export class CompleteAuthorizationUseCase {
  constructor(
    private readonly states: OAuthStatesRepository,
    private readonly providers: ProvidersRepository,
    private readonly connections: ConnectionsRepository,
    private readonly tokenEndpoint: TokenEndpointClient,
    private readonly tokens: ConnectionTokens,
    private readonly keyring: Keyring,
    private readonly eventBus: EventBus,
    private readonly orgContext: OrgContext,
    private readonly channel: ChangeChannel,
  ) {}

  async execute(input: CallbackInput): Promise<CallbackResult> {
    const consumed = input.state ? await this.states.consume(hashToken(input.state)) : null;
    if (input.error) throw new ProviderAuthorizationError(input.error.slice(0, 100));
    if (!consumed || !input.code) throw new InvalidStateError();
    const orgId = consumed.organizationId;
    return this.orgContext.runAs(orgId, async () => {
      const provider = await this.providers.findForOrg(orgId, consumed.providerId);
      if (!provider) throw new InvalidStateError();
      const result = await this.tokenEndpoint.exchangeCode(provider, {
        code: input.code as string,
        redirectUri: consumed.redirectUri,
        codeVerifier: consumed.codeVerifierEncrypted
          ? this.keyring.decrypt(
              consumed.codeVerifierEncrypted,
              secretAt(ENCRYPTED_COLUMNS.stateCodeVerifier, consumed.id),
            )
          : null,
        params: consumed.params ?? {},
      });
      if (!result.ok) throw new TokenExchangeFailedError(result.errorCode);
      // a token endpoint naming an upstream off the provider's domains gets nothing stored
      if (this.tokens.upstreamOf(provider, result.tokens).kind === 'refused') {
        throw new TokenExchangeFailedError('instance_url_refused');
      }
      const connectionId = consumed.connectionId ?? randomUUID();
      const sealed = this.tokens.seal(connectionId, provider, result.tokens);
      if (consumed.connectionId) {
        if (!(await this.connections.replaceTokensAfterReconnect(orgId, consumed.connectionId, sealed))) {
          throw new ConnectionNotFoundError();
        }
        this.channel.announce(`connection:${consumed.connectionId}`);
        // the UPDATE committed on its own: publishing now is after commit
        await this.eventBus.publish(REAUTH_SUCCEEDED, { orgId, connectionId: consumed.connectionId });
        return { connectionId: consumed.connectionId, reconnected: true, returnUrl: consumed.returnUrl };
      }
      const connection = await this.connections.insert(orgId, {
        id: connectionId,
        providerId: provider.id,
        externalAccountId: null,
        params: consumed.params,
        ...sealed,
      });
      return { connectionId: connection.id, reconnected: false, returnUrl: consumed.returnUrl };
    });
  }
}
