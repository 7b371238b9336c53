import { PROVIDER_TEMPLATES } from './catalog';
import { describeQuirks, templateParams } from './describe-template';
import { ProviderTemplate } from './provider-template';

/**
 * docs/providers.md, rendered from the catalog itself (`npm run docs:providers` writes it;
 * test/docs/providers-doc.spec.ts fails when the committed file differs).
 */
export function renderProvidersDoc(templates: readonly ProviderTemplate[] = PROVIDER_TEMPLATES): string {
  const lines = [
    '# Provider catalog',
    '',
    '<!-- Generated from src/modules/oauth/catalog/ by `npm run docs:providers`. Do not edit by hand. -->',
    '',
    `plugboard knows ${templates.length} providers. Create one for an org with two fields besides its key:`,
    '',
    '```sh',
    'curl -s -X POST $PB/v1/orgs/$ORG/providers -H "authorization: Bearer $KEY" -H \'content-type: application/json\' \\',
    '  -d \'{"key":"google","template":"google","clientId":"<client id>","clientSecret":"<client secret>"}\'',
    '```',
    '',
    'Every other field (URLs, token authentication, PKCE, error style, scopes, API base) comes from the',
    'template; a field given explicitly wins (a sandbox token URL, other scopes). The quirks below travel',
    'with the template whatever its URLs are overridden to. `GET /v1/catalog/providers` answers the same',
    'data as JSON. Register `$PUBLIC_URL/oauth/callback` as the redirect URL in the provider app.',
    '',
    '| Provider | `template` | Token call | PKCE | Default scopes | What plugboard does | Provider docs |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...templates.map(renderRow),
    '',
    '## Remote MCP servers',
    '',
    '`template: "mcp"` is not a catalog entry: its URLs come from the MCP server itself. Give',
    '`mcpServerUrl` (and optionally `scopes`) and plugboard discovers the authorization server, identifies',
    'itself with a Client ID Metadata Document or registers dynamically, and uses PKCE and the `resource`',
    'parameter on every call. See [oauth.md](oauth.md#remote-mcp-servers).',
    '',
  ];
  return lines.join('\n');
}

function renderRow(template: ProviderTemplate): string {
  const params = templateParams(template);
  const tokenCall = template.tokenAuthMethod === 'client_secret_basic' ? 'HTTP Basic' : 'secret in body';
  const scopes = template.defaultScopes.length
    ? template.defaultScopes.map((scope) => `\`${scope}\``).join(' ')
    : '—';
  const does = describeQuirks(template);
  const cells = [
    template.name + (params.length ? ` (${params.map((name) => `\`{${name}}\``).join(', ')})` : ''),
    `\`${template.template}\``,
    tokenCall,
    template.usePkce ? 'yes' : 'no',
    scopes,
    does.length ? does.map(escapeCell).join('<br>') : 'Standard authorization code flow.',
    `[docs](${template.docsUrl})`,
  ];
  return `| ${cells.join(' | ')} |`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
