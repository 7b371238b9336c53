import { useState } from 'preact/hooks';
import type { CreateProviderInput } from '@plugboard/sdk';
import { ApiClient, CatalogProvider, unwrap } from '../api/client';
import { useResource } from '../hooks';
import { Field, valueOf } from '../ui';

/** `template` value for a remote MCP server: discovered and registered, so no client id or secret. */
const MCP = 'mcp';
const BY_HAND = '';

const EMPTY = {
  template: BY_HAND,
  key: '',
  mcpServerUrl: '',
  authorizeUrl: '',
  tokenUrl: '',
  clientId: '',
  clientSecret: '',
  scopes: '',
  grantType: 'authorization_code' as 'authorization_code' | 'client_credentials',
  tokenAuthMethod: 'client_secret_post' as 'client_secret_post' | 'client_secret_basic',
  usePkce: true,
  apiBaseUrl: '',
  errorStyle: 'standard' as 'standard' | 'slack',
};
type Form = typeof EMPTY;
export type ProviderBody = CreateProviderInput['body'];

interface Props {
  api: ApiClient;
  onCreate: (body: ProviderBody) => Promise<boolean>;
  onCancel: () => void;
  busy: boolean;
}

/**
 * New provider: from a catalog template (key, client id, secret — the template fills the rest), from a
 * remote MCP server's URL, or every field by hand.
 */
export function ProviderForm({ api, onCreate, onCancel, busy }: Props) {
  const catalog = useResource(() => unwrap(api.api.listCatalog()), 'catalog');
  const [form, setForm] = useState<Form>(EMPTY);
  const set = (name: keyof Form) => (event: Event) => setForm({ ...form, [name]: valueOf(event) });
  const templates = catalog.data?.items ?? [];
  const template = templates.find((item) => item.template === form.template);

  const chooseTemplate = (event: Event) => {
    const chosen = valueOf(event);
    // the key defaults to the template's name, which is what connections will usually call it
    const defaultKey = chosen && chosen !== MCP ? chosen : '';
    setForm({ ...EMPTY, template: chosen, key: form.key || defaultKey });
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (await onCreate(requestBody(form))) setForm(EMPTY);
  };

  return (
    <form class="create-form" onSubmit={submit} aria-label="New provider">
      <h2>New provider (an OAuth app of this org)</h2>
      <Field label="Template" hint="From the catalog, a remote MCP server, or every field by hand">
        <select value={form.template} onChange={chooseTemplate}>
          <option value={BY_HAND}>By hand (no template)</option>
          <option value={MCP}>Remote MCP server</option>
          {templates.map((item) => (
            <option key={item.template} value={item.template}>
              {item.name}
            </option>
          ))}
        </select>
      </Field>
      {/* `\-`: browsers compile `pattern` with the v flag, where a bare `-` at a class's end is a syntax
          error and the whole pattern is silently ignored */}
      <Field label="Key" hint="A slug connections name it by, e.g. slack">
        <input required value={form.key} onInput={set('key')} pattern="[a-z0-9][a-z0-9_\-]{0,63}" />
      </Field>
      {form.template === MCP ? (
        <Field label="MCP server URL" hint="Its authorization server is discovered and registered with">
          <input type="url" required value={form.mcpServerUrl} onInput={set('mcpServerUrl')} />
        </Field>
      ) : (
        <ClientFields form={form} set={set} />
      )}
      {template ? <TemplateSummary template={template} /> : null}
      {form.template === BY_HAND ? <ManualFields form={form} setForm={setForm} set={set} /> : null}
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create provider'}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** What the API takes: with a template only what the template cannot know; by hand everything. */
function requestBody(form: Form): ProviderBody {
  const key = form.key.trim();
  if (form.template === MCP) return { key, template: MCP, mcpServerUrl: form.mcpServerUrl.trim() };
  const scopes = form.scopes.split(/[\s,]+/).filter(Boolean);
  const client = {
    key,
    clientId: form.clientId.trim(),
    ...(form.clientSecret ? { clientSecret: form.clientSecret } : {}),
    ...(scopes.length > 0 ? { scopes } : {}),
  };
  if (form.template !== BY_HAND) return { ...client, template: form.template };
  return {
    ...client,
    tokenUrl: form.tokenUrl.trim(),
    grantType: form.grantType,
    tokenAuthMethod: form.tokenAuthMethod,
    usePkce: form.usePkce,
    errorStyle: form.errorStyle,
    ...(form.authorizeUrl.trim() ? { authorizeUrl: form.authorizeUrl.trim() } : {}),
    ...(form.apiBaseUrl.trim() ? { apiBaseUrl: form.apiBaseUrl.trim() } : {}),
  };
}

type Setter = (name: keyof Form) => (event: Event) => void;

function ClientFields({ form, set }: { form: Form; set: Setter }) {
  return (
    <>
      <Field label="Client ID">
        <input required value={form.clientId} onInput={set('clientId')} />
      </Field>
      <Field label="Client secret" hint="Stored encrypted; never shown again">
        <input type="password" autocomplete="off" value={form.clientSecret} onInput={set('clientSecret')} />
      </Field>
      <Field label="Scopes" hint="Separated by spaces or commas; empty takes the template's defaults">
        <input value={form.scopes} onInput={set('scopes')} />
      </Field>
    </>
  );
}

/** What the chosen template fills in, so nobody has to look it up. */
function TemplateSummary({ template }: { template: CatalogProvider }) {
  return (
    <dl class="template-summary" data-template={template.template}>
      <dt>Token URL</dt>
      <dd class="mono break">{template.tokenUrl}</dd>
      <dt>API base URL</dt>
      <dd class="mono break">{template.apiBaseUrl ?? 'from each connection’s token answer'}</dd>
      <dt>Default scopes</dt>
      <dd>{template.defaultScopes.join(' ') || '—'}</dd>
      {template.params.length > 0 ? (
        <>
          <dt>Per-connection values</dt>
          <dd class="mono">{template.params.join(', ')}</dd>
        </>
      ) : null}
      <dt>Handled for you</dt>
      <dd>
        <ul>
          {template.quirks.map((quirk) => (
            <li key={quirk}>{quirk}</li>
          ))}
        </ul>
        <a href={template.docsUrl} target="_blank" rel="noreferrer">
          {template.name}’s OAuth documentation
        </a>
      </dd>
    </dl>
  );
}

function ManualFields({ form, setForm, set }: { form: Form; setForm: (form: Form) => void; set: Setter }) {
  return (
    <>
      <Field label="Grant type">
        <select value={form.grantType} onChange={set('grantType')}>
          <option value="authorization_code">authorization_code</option>
          <option value="client_credentials">client_credentials</option>
        </select>
      </Field>
      <Field label="Authorize URL" hint="Required for authorization_code">
        <input type="url" value={form.authorizeUrl} onInput={set('authorizeUrl')} />
      </Field>
      <Field label="Token URL">
        <input type="url" required value={form.tokenUrl} onInput={set('tokenUrl')} />
      </Field>
      <Field label="Token auth method">
        <select value={form.tokenAuthMethod} onChange={set('tokenAuthMethod')}>
          <option value="client_secret_post">client_secret_post</option>
          <option value="client_secret_basic">client_secret_basic</option>
        </select>
      </Field>
      <Field label="API base URL" hint="Where the secret proxy forwards, e.g. https://slack.com/api">
        <input type="url" value={form.apiBaseUrl} onInput={set('apiBaseUrl')} />
      </Field>
      <Field label="Error style" hint="slack: HTTP 200 {ok:false} is a failure">
        <select value={form.errorStyle} onChange={set('errorStyle')}>
          <option value="standard">standard</option>
          <option value="slack">slack</option>
        </select>
      </Field>
      <label class="inline-field checkbox">
        <input
          type="checkbox"
          checked={form.usePkce}
          onChange={(event) => setForm({ ...form, usePkce: (event.target as HTMLInputElement).checked })}
        />
        <span>Use PKCE</span>
      </label>
    </>
  );
}
