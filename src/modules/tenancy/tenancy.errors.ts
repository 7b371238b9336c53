import { NotFoundError } from '../../shared/errors';

export class OrgNotFoundError extends NotFoundError {
  constructor() {
    super('Organization', 'ORG.NOT_FOUND');
  }
}

export class ApiKeyNotFoundError extends NotFoundError {
  constructor() {
    super('API key', 'API_KEY.NOT_FOUND');
  }
}
