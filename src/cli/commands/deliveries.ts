import type { DeliveryStatus, RedriveProgress } from '@plugboard/sdk';
import { EXIT, UsageError } from '../cli-errors';
import { Command, collect, numberOption, stringOption } from '../command';
import { details, Output, table } from '../output';

const STATUSES = ['RECEIVED', 'QUEUED', 'DELIVERED', 'PARKED', 'DISCARDED', 'DEAD'];

export const deliveriesListCommand: Command = {
  path: ['deliveries', 'list'],
  summary: 'List deliveries, newest first',
  usage: `[--status ${STATUSES.join('|')}] [--integration <id>] [--limit <n>] [--all]`,
  options: {
    status: { type: 'string' },
    integration: { type: 'string' },
    limit: { type: 'string' },
    all: { type: 'boolean' },
  },
  async run({ output, values, client, orgId }) {
    const status = stringOption(values, 'status')?.toUpperCase();
    if (status && !STATUSES.includes(status))
      throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
    const list = client().deliveries.list({
      orgId: orgId(),
      limit: numberOption(values, 'limit'),
      ...(status ? { status: status as DeliveryStatus } : {}),
      ...(stringOption(values, 'integration') ? { integrationId: stringOption(values, 'integration') } : {}),
    });
    const deliveries = await collect(list, values);
    if (output.json) output.data(deliveries);
    else if (deliveries.length === 0) output.line('No deliveries match.');
    else output.line(table(deliveries, ['id', 'status', 'attempts', 'route', 'receivedAt', 'lastError']));
    return 0;
  },
};

export const deliveriesShowCommand: Command = {
  path: ['deliveries', 'show'],
  summary: 'Show one delivery',
  usage: '<deliveryId>',
  options: {},
  async run({ output, positionals, client, orgId }) {
    if (positionals.length !== 1) throw new UsageError('Pass exactly one delivery id');
    const delivery = await client().deliveries.get({ orgId: orgId(), id: positionals[0] });
    if (output.json) output.data(delivery);
    else output.line(details(delivery));
    return 0;
  },
};

function describeProgress(progress: RedriveProgress): string {
  const left = progress.remaining === null ? '' : `, ${progress.remaining} left`;
  const of = progress.total === null ? '' : ` of ${progress.total}`;
  return `redriving dead deliveries: batch ${progress.batches}, ${progress.handled} redriven, ${progress.failed} failed${left} (${progress.handled + progress.failed}${of} tried)`;
}

async function redriveEveryDead(output: Output, run: Parameters<Command['run']>[0]): Promise<number> {
  const integrationId = stringOption(run.values, 'integration');
  const summary = await run.client().deliveries.redriveAll({
    orgId: run.orgId(),
    integrationId,
    onProgress: (progress) => output.progress(describeProgress(progress)),
  });
  output.endProgress();
  const left = await run
    .client()
    .deliveries.list({
      orgId: run.orgId(),
      status: 'DEAD',
      limit: 1,
      ...(integrationId ? { integrationId } : {}),
    })
    .page();
  const stillDead = left.items.length > 0;
  if (output.json) {
    output.data({ ...summary, stillDead });
  } else {
    output.line(
      `Redrove ${summary.handled} dead deliveries in ${summary.batches} batch${summary.batches === 1 ? '' : 'es'}` +
        (summary.failed ? `; ${summary.failed} replays failed` : '') +
        (stillDead
          ? '; some are still DEAD (plugboard deliveries list --status DEAD).'
          : '; none is left DEAD.'),
    );
  }
  return stillDead ? EXIT.incomplete : EXIT.ok;
}

export const deliveriesRedriveCommand: Command = {
  path: ['deliveries', 'redrive'],
  summary: 'Replay deliveries by id, or every DEAD one (--all-dead, in batches until none is left)',
  usage: '<deliveryId>... | --all-dead [--integration <id>]',
  options: { 'all-dead': { type: 'boolean' }, integration: { type: 'string' } },
  async run(context) {
    const { output, values, positionals, client, orgId } = context;
    if (values['all-dead'] === true) {
      if (positionals.length > 0) throw new UsageError('Pass delivery ids or --all-dead, not both');
      return redriveEveryDead(output, context);
    }
    if (positionals.length === 0) throw new UsageError('Pass delivery ids, or --all-dead');
    const answer = await client().deliveries.redrive({ orgId: orgId(), body: { deliveryIds: positionals } });
    if (output.json) output.data(answer);
    else output.line(table(answer.results, ['deliveryId', 'outcome', 'handled']));
    return answer.results.every((result) => result.handled) ? EXIT.ok : EXIT.incomplete;
  },
};
