import * as fs from 'node:fs';
import type { CreateProviderInput } from '@plugboard/sdk';
import { Command, requiredOption, stringOption } from '../command';
import { details } from '../output';

type ProviderBody = CreateProviderInput['body'];

export const providersCreateCommand: Command = {
  path: ['providers', 'create'],
  summary: "Register an org's OAuth app (a --template fills the provider's URLs and quirks)",
  usage:
    '--key <key> [--template <name>] --client-id <id> (--client-secret-file <file> | --client-secret <secret>)\n' +
    '    [--authorize-url <url>] [--token-url <url>] [--api-base-url <url>] [--scopes a,b]\n' +
    '    [--token-auth-method client_secret_post|client_secret_basic] [--grant-type authorization_code|client_credentials]\n' +
    '    [--pkce | --no-pkce] [--error-style standard|slack]',
  options: {
    key: { type: 'string' },
    template: { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'client-secret-file': { type: 'string' },
    'authorize-url': { type: 'string' },
    'token-url': { type: 'string' },
    'api-base-url': { type: 'string' },
    scopes: { type: 'string' },
    'token-auth-method': { type: 'string' },
    'grant-type': { type: 'string' },
    pkce: { type: 'boolean' },
    'no-pkce': { type: 'boolean' },
    'error-style': { type: 'string' },
  },
  async run({ output, values, client, orgId }) {
    const secretFile = stringOption(values, 'client-secret-file');
    const clientSecret = secretFile
      ? fs.readFileSync(secretFile, 'utf8').trim()
      : stringOption(values, 'client-secret');
    const scopes = stringOption(values, 'scopes');
    const optional: Record<string, unknown> = {
      // the catalog's template name travels as given; the server fills the rest from it
      template: stringOption(values, 'template'),
      clientSecret,
      authorizeUrl: stringOption(values, 'authorize-url'),
      tokenUrl: stringOption(values, 'token-url'),
      apiBaseUrl: stringOption(values, 'api-base-url'),
      scopes:
        scopes === undefined
          ? undefined
          : scopes
              .split(',')
              .map((scope) => scope.trim())
              .filter(Boolean),
      tokenAuthMethod: stringOption(values, 'token-auth-method'),
      grantType: stringOption(values, 'grant-type'),
      usePkce: values['no-pkce'] === true ? false : values.pkce === true ? true : undefined,
      errorStyle: stringOption(values, 'error-style'),
    };
    const body = {
      key: requiredOption(values, 'key'),
      clientId: requiredOption(values, 'client-id'),
      ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    } as ProviderBody;
    const provider = await client().providers.create({ orgId: orgId(), body });
    if (output.json) output.data(provider);
    else output.line(details(provider));
    return 0;
  },
};
