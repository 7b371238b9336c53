import { Client } from 'pg';
import { AppConfig } from '../../../src/config';
import { CHANGE_CHANNEL, ChangeChannel } from '../../../src/database';
import { testState } from '../../support/test-state';
import { waitUntil } from '../../support/wait-until';

/** Counts the statements a pg Client runs, and the most it ever had under way at once. */
function watchStatements(client: Client): { sent: number; mostAtOnce: number } {
  const seen = { sent: 0, mostAtOnce: 0 };
  let underWay = 0;
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  (client as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args) => {
    seen.sent++;
    seen.mostAtOnce = Math.max(seen.mostAtOnce, ++underWay);
    return query(...args).finally(() => underWay--);
  };
  return seen;
}

describe('change channel: sending notifications', () => {
  let channel: ChangeChannel;
  let listener: Client;
  const heard: string[] = [];

  beforeAll(async () => {
    const url = testState().databaseUrl;
    listener = new Client({ connectionString: url });
    await listener.connect();
    await listener.query(`LISTEN ${CHANGE_CHANNEL}`);
    listener.on('notification', (message) => heard.push(message.payload ?? ''));
    channel = new ChangeChannel({ database: { url } } as unknown as AppConfig);
    await channel.onApplicationBootstrap();
    expect(
      await waitUntil(
        async () => channel.isLive,
        (live) => live,
      ),
    ).toBe(true);
  });

  afterAll(async () => {
    await channel.beforeApplicationShutdown();
    await listener.end();
  });

  it('sends a burst of tags in a few statements, one at a time on its session, and every tag is heard', async () => {
    const session = (channel as unknown as { client: Client }).client;
    const statements = watchStatements(session);
    const tags = Array.from({ length: 300 }, (_, index) => `burst:${index}`);
    for (const tag of tags) channel.notify(tag);

    await waitUntil(
      async () => tags.every((tag) => heard.includes(tag)),
      (all) => all,
    );
    expect(heard.filter((tag) => tag.startsWith('burst:'))).toEqual(tags);
    // one pg_notify per tag used to queue 300 statements on the session at once
    expect(statements.mostAtOnce).toBe(1);
    expect(statements.sent).toBeLessThanOrEqual(3);
  });
});
