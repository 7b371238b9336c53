import { Injectable } from '@nestjs/common';
import { ServiceUnavailableError } from '../../shared/errors';
import { CredentialSource, ProxiedConnection, ProxyAccessToken } from './credential-source';

/** Until the OAuth module is wired in: every credential lookup answers 503, nothing is forwarded. */
@Injectable()
export class OAuthUnavailableCredentialSource implements CredentialSource {
  describeConnection(): Promise<ProxiedConnection> {
    return Promise.reject(unavailable());
  }
  getAccessToken(): Promise<ProxyAccessToken> {
    return Promise.reject(unavailable());
  }
  refreshAfterRejection(): Promise<ProxyAccessToken> {
    return Promise.reject(unavailable());
  }
}

function unavailable(): ServiceUnavailableError {
  return new ServiceUnavailableError('CONNECTION.UNAVAILABLE', 'Connections are not available');
}
