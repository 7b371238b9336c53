export { OAuthModule } from './oauth.module';
export { AccessTokenService, AccessToken, ConnectionDescription } from './access-token.service';
export type { ReauthorizedConnection } from './connections.repository';
export { ConnectionNotFoundError, ConnectionInvalidError, RefreshUnavailableError } from './oauth.errors';
