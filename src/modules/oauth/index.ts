export { OAuthModule } from './oauth.module';
export { AccessTokenService, AccessToken, ConnectionDescription } from './access-token.service';
export { ConnectionNotFoundError, ConnectionInvalidError, RefreshUnavailableError } from './oauth.errors';
