// A real OAuth 2.0 authorization server for the tests: oidc-provider (ESM only, so it runs as a child
// process started by oauth-server.ts). Clients: authorization_code + rotating refresh_token with
// client_secret_post and client_secret_basic, and client_credentials. The interaction (login and
// consent) is approved automatically for one fixed account. Loopback admin routes under /__admin
// expose token-endpoint call counts by grant type and let a test slow the token endpoint down or
// make the next authorization be denied.
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const redirectUris = JSON.parse(process.env.REDIRECT_URIS ?? '[]');
const issuer = `http://127.0.0.1:${port}`;

const counts = {};
const statuses = [];
let tokenDelayMs = 0;
let denyNext = false;

const webClient = (clientId, method) => ({
  client_id: clientId,
  client_secret: `${clientId}-secret`,
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  redirect_uris: redirectUris,
  token_endpoint_auth_method: method,
});

const provider = new Provider(issuer, {
  clients: [
    webClient('web-post', 'client_secret_post'),
    webClient('web-basic', 'client_secret_basic'),
    {
      client_id: 'machine',
      client_secret: 'machine-secret',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    revocation: { enabled: true },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  // every refresh rotates: a refresh token used twice is invalid_grant (and revokes the grant)
  rotateRefreshToken: true,
  pkce: { required: () => false },
  scopes: ['openid', 'offline_access'],
  ttl: {
    AccessToken: 3600,
    ClientCredentials: 3600,
    AuthorizationCode: 60,
    RefreshToken: 14 * 24 * 3600,
    Grant: 14 * 24 * 3600,
    Session: 3600,
    Interaction: 600,
  },
  findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
  cookies: { keys: ['plugboard-test-cookie-key'] },
});
provider.proxy = false;

provider.use(async (ctx, next) => {
  const isToken = ctx.path === '/token' && ctx.method === 'POST';
  if (isToken && tokenDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, tokenDelayMs));
  await next();
  if (isToken) {
    const grantType = ctx.oidc?.params?.grant_type ?? 'unknown';
    counts[grantType] = (counts[grantType] ?? 0) + 1;
    statuses.push({ grantType, status: ctx.status, error: ctx.body?.error ?? null });
  }
});

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (denyNext) {
    denyNext = false;
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'denied' },
      {
        mergeWithLastSubmission: false,
      },
    );
    return;
  }
  const accountId = details.session?.accountId ?? 'user-1';
  if (details.prompt.name === 'login') {
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope ?? 'openid'));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return raw ? JSON.parse(raw) : {};
}

async function admin(req, res, pathname) {
  if (pathname === '/__admin/counts') return json(res, 200, { counts, statuses });
  if (pathname === '/__admin/reset') {
    for (const key of Object.keys(counts)) delete counts[key];
    statuses.length = 0;
    return json(res, 200, {});
  }
  if (pathname === '/__admin/token-delay') {
    tokenDelayMs = Number((await readJson(req)).ms ?? 0);
    return json(res, 200, { tokenDelayMs });
  }
  if (pathname === '/__admin/deny-next') {
    denyNext = true;
    return json(res, 200, {});
  }
  return json(res, 404, { error: 'not_found' });
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, issuer);
  const handle = pathname.startsWith('/__admin/')
    ? admin(req, res, pathname)
    : pathname.startsWith('/interaction/')
      ? interaction(req, res)
      : Promise.resolve(callback(req, res));
  handle.catch((error) => {
    if (!res.headersSent) json(res, 500, { error: 'server_error', message: String(error?.message ?? error) });
  });
});

server.listen(port, '127.0.0.1', () => process.stdout.write(`oauth-server ready ${issuer}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
