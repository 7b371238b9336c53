import * as fs from 'node:fs';
import type { CreateIntegrationInput } from '@plugboard/sdk';
import { Command, collect, numberOption, requiredOption, stringOption } from '../command';
import { details, table } from '../output';

type IntegrationBody = CreateIntegrationInput['body'];

export const integrationsCreateCommand: Command = {
  path: ['integrations', 'create'],
  summary: 'Create an integration; prints its ingress URL and the delivery secret (shown once)',
  usage:
    '--name <name> --plugin <slug> (--delivery-url <url> | --pull [--pull-agent <agentId>]...) [--instance-id <id>]\n' +
    '    [--scheme none|standard-webhooks|stripe|github|slack|shopify] [--secret-file <file> | --secret <secret>]\n' +
    '    [--connection <connectionId>]... [--on-error park|discard]',
  options: {
    name: { type: 'string' },
    plugin: { type: 'string' },
    'delivery-url': { type: 'string' },
    pull: { type: 'boolean' },
    'pull-agent': { type: 'string', multiple: true },
    'instance-id': { type: 'string' },
    scheme: { type: 'string' },
    secret: { type: 'string' },
    'secret-file': { type: 'string' },
    connection: { type: 'string', multiple: true },
    'on-error': { type: 'string' },
  },
  async run({ output, values, client, orgId }) {
    const secretFile = stringOption(values, 'secret-file');
    const secret = secretFile ? fs.readFileSync(secretFile, 'utf8').trim() : stringOption(values, 'secret');
    const connections = Array.isArray(values.connection) ? values.connection.map(String) : undefined;
    const pullAgents = Array.isArray(values['pull-agent']) ? values['pull-agent'].map(String) : undefined;
    // pull mode: the agent (or `plugboard listen`) pulls; there is nothing to POST to
    const delivery =
      values.pull === true
        ? { deliveryMode: 'pull', ...(pullAgents ? { pullAgentIds: pullAgents } : {}) }
        : { deliveryUrl: requiredOption(values, 'delivery-url') };
    const body = {
      name: requiredOption(values, 'name'),
      plugin: requiredOption(values, 'plugin'),
      ...delivery,
      ingress: { scheme: stringOption(values, 'scheme') ?? 'none', ...(secret ? { secret } : {}) },
      ...(stringOption(values, 'instance-id') ? { instanceId: stringOption(values, 'instance-id') } : {}),
      ...(connections ? { connectionIds: connections } : {}),
      ...(stringOption(values, 'on-error') ? { onError: stringOption(values, 'on-error') } : {}),
    } as IntegrationBody;
    const created = await client().integrations.create({ orgId: orgId(), body });
    if (output.json) {
      output.data(created);
      return 0;
    }
    output.line(
      details({
        id: created.id,
        status: created.status,
        ingressUrl: created.ingress.url,
        deliveryMode: created.deliveryMode,
        deliveryUrl: created.deliveryUrl,
        deliverySecret: created.deliverySecret,
      }),
    );
    output.line('The delivery secret is shown once: your receiver verifies deliveries with it.');
    for (const warning of created.warnings) output.error(`warning: ${warning}`);
    return 0;
  },
};

export const integrationsListCommand: Command = {
  path: ['integrations', 'list'],
  summary: "List the org's integrations",
  usage: '[--org <orgId>] [--limit <n>] [--all]',
  options: { limit: { type: 'string' }, all: { type: 'boolean' } },
  async run({ output, values, client, orgId }) {
    const list = client().integrations.list({ orgId: orgId(), limit: numberOption(values, 'limit') });
    const integrations = await collect(list, values);
    if (output.json) output.data(integrations);
    else if (integrations.length === 0)
      output.line('No integrations yet: plugboard integrations create --help');
    else
      output.line(
        table(integrations, ['id', 'name', 'plugin', 'instanceId', 'status', 'deliveryMode', 'deliveryUrl']),
      );
    return 0;
  },
};
