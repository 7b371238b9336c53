import { Command, collect, numberOption, requiredOption, stringOption } from '../command';
import { details, table } from '../output';

export const orgsCreateCommand: Command = {
  path: ['orgs', 'create'],
  summary: 'Create an org (operator key)',
  usage: '--name <name>',
  options: { name: { type: 'string' } },
  async run({ output, values, client }) {
    const org = await client().orgs.create({ name: requiredOption(values, 'name') });
    if (output.json) output.data(org);
    else output.line(details(org));
    return 0;
  },
};

export const orgsListCommand: Command = {
  path: ['orgs', 'list'],
  summary: 'List orgs, newest first (operator key)',
  usage: '[--limit <n>] [--all]',
  options: { limit: { type: 'string' }, all: { type: 'boolean' } },
  async run({ output, values, client }) {
    const orgs = await collect(client().orgs.list({ limit: numberOption(values, 'limit') }), values);
    if (output.json) output.data(orgs);
    else
      output.line(
        orgs.length
          ? table(orgs, ['id', 'name', 'createdAt'])
          : 'No orgs yet: plugboard orgs create --name <name>',
      );
    return 0;
  },
};

export const keysCreateCommand: Command = {
  path: ['keys', 'create'],
  summary: 'Create an API key for an org; the key is shown once (operator key)',
  usage: '--org <orgId> [--name <name>]',
  options: { name: { type: 'string' } },
  async run({ output, values, client, orgId }) {
    const name = stringOption(values, 'name');
    const created = await client().apiKeys.create({ orgId: orgId(), body: name ? { name } : {} });
    if (output.json) {
      output.data(created);
    } else {
      output.line(details(created));
      output.line('The key is shown once: store it now (plugboard login --key-file <file> uses it).');
    }
    return 0;
  },
};
