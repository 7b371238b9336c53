export { TenancyModule } from './tenancy.module';
export { OrganizationsService } from './organizations.service';
export { OrgNotFoundError } from './tenancy.errors';
export { ApiKeyAuthenticator } from './api-key.authenticator';
