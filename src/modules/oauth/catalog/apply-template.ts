import { RequestInvalidError } from '../../../shared/errors';
import { CreateProviderRequestDto } from '../dto/create-provider.request.dto';
import { ProviderRow } from '../providers.repository';
import { findTemplate, MCP_TEMPLATE, PROVIDER_TEMPLATES } from './catalog';

/** A provider row without its sealed secret: the service encrypts `clientSecret` itself. */
export type ProviderFields = Omit<ProviderRow, 'clientSecretEncrypted'>;

/**
 * The provider a create request describes: with a catalog template, every field the request leaves
 * out comes from the template (fields given explicitly win); without one, the request must say it
 * all. `template: "mcp"` is not handled here (its fields come from discovery).
 */
export function providerFieldsFromRequest(input: CreateProviderRequestDto): ProviderFields {
  if (input.mcpServerUrl !== undefined) {
    throw new RequestInvalidError(`mcpServerUrl is only for template "${MCP_TEMPLATE}"`);
  }
  if (input.template === undefined) return handConfigured(input);
  const template = findTemplate(input.template);
  if (!template) {
    const names = [...PROVIDER_TEMPLATES.map((entry) => entry.template), MCP_TEMPLATE];
    throw new RequestInvalidError(`template must be one of: ${names.join(', ')}`);
  }
  if (input.clientId === undefined) throw new RequestInvalidError('clientId is required');
  return {
    key: input.key,
    template: template.template,
    authorizeUrl: input.authorizeUrl ?? template.authorizeUrl,
    tokenUrl: input.tokenUrl ?? template.tokenUrl,
    clientId: input.clientId,
    scopes: input.scopes ?? [...template.defaultScopes],
    grantType: input.grantType ?? 'authorization_code',
    tokenAuthMethod: input.tokenAuthMethod ?? template.tokenAuthMethod,
    usePkce: input.usePkce ?? template.usePkce,
    apiBaseUrl: input.apiBaseUrl ?? template.apiBaseUrl,
    errorStyle: input.errorStyle ?? template.errorStyle,
    resourceIndicator: null,
  };
}

function handConfigured(input: CreateProviderRequestDto): ProviderFields {
  const missing = (['tokenUrl', 'clientId'] as const).filter((field) => input[field] === undefined);
  if (missing.length > 0) {
    throw new RequestInvalidError(`${missing.join(', ')} required (or give a template)`);
  }
  return {
    key: input.key,
    template: null,
    authorizeUrl: input.authorizeUrl ?? null,
    tokenUrl: input.tokenUrl as string,
    clientId: input.clientId as string,
    scopes: input.scopes ?? [],
    grantType: input.grantType ?? 'authorization_code',
    tokenAuthMethod: input.tokenAuthMethod ?? 'client_secret_post',
    usePkce: input.usePkce ?? true,
    apiBaseUrl: input.apiBaseUrl ?? null,
    errorStyle: input.errorStyle ?? 'standard',
    resourceIndicator: null,
  };
}
