import { refreshUrlOf, urlParamNames } from '../provider-urls';
import { ProviderTemplate } from './provider-template';

/**
 * What plugboard does for a template beyond the plain fields, one sentence per quirk, derived from
 * the quirks themselves (so the catalog answer and docs/providers.md cannot drift from the code).
 */
export function describeQuirks(template: ProviderTemplate): string[] {
  const { quirks } = template;
  const lines: string[] = [];
  const params = templateParams(template);
  if (params.length > 0) {
    lines.push(
      `Per-connection ${params.map((name) => `\`{${name}}\``).join(', ')} (\`params\` on authorize and import), ` +
        'validated as one DNS label ([A-Za-z0-9-]{1,63}) before it is filled into any URL.',
    );
  }
  if (quirks.authorizeParams) {
    const extras = Object.entries(quirks.authorizeParams).map(([name, value]) => `\`${name}=${value}\``);
    lines.push(`Adds ${extras.join(' and ')} to the authorization URL.`);
  }
  if (template.tokenAuthMethod === 'client_secret_basic') {
    lines.push('Authenticates the token call with HTTP Basic (client id and secret).');
  }
  if (quirks.tokenRequestBody === 'json') lines.push('Sends the token call as a JSON body.');
  if (quirks.refreshPath) {
    lines.push(`Refreshes on its own endpoint, \`${refreshUrlOf(template.tokenUrl, quirks.refreshPath)}\`.`);
  }
  if (quirks.rotatesRefreshTokens) {
    lines.push(
      'Refresh tokens rotate (reuse is detected): exactly one refresh per expiry across all processes, ' +
        'and a refresh answer without a new refresh token is never followed by a reuse of the spent one.',
    );
  }
  if (quirks.apiBaseUrlFromTokenField) {
    lines.push(
      `The token answer's \`${quirks.apiBaseUrlFromTokenField}\` becomes that connection's API base, ` +
        `accepted only over https on ${template.domains.map((domain) => `\`${domain}\``).join(', ')}.`,
    );
  }
  if (template.errorStyle === 'slack') {
    lines.push('An HTTP 200 `{"ok":false}` is a failure, on the token endpoint and through the proxy.');
  }
  if (quirks.errorsInSuccessBody)
    lines.push('An HTTP 200 `{"error":…}` from the token endpoint is a failure.');
  if (quirks.scopeSeparator === ',') lines.push('Joins scopes with commas.');
  if (template.usePkce) lines.push('Uses PKCE (S256).');
  if (template.note) lines.push(template.note);
  return lines;
}

/** The per-connection parameters the template's URLs contain. */
export function templateParams(template: ProviderTemplate): string[] {
  return urlParamNames(template.authorizeUrl, template.tokenUrl, template.apiBaseUrl);
}
