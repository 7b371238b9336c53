import { randomUUID } from 'node:crypto';
import { CHANGE_CHANNEL, ChangeChannel } from '../../src/database';
import { TestApp } from './app';
import { sql } from './db';

/**
 * For a test that changes a cached row behind the app's back (plain SQL): waits until each app has
 * heard every change committed so far. Notifications arrive in commit order, so hearing a marker
 * sent after the change means the change was heard too. (The app itself needs no such wait for its
 * own changes; other processes hear them within milliseconds, and the contract allows one second.)
 */
export async function changesHeard(...apps: TestApp[]): Promise<void> {
  const marker = `test:${randomUUID()}`;
  const heard = apps.map(
    (app) =>
      new Promise<void>((resolve, reject) => {
        const channel = app.app.get(ChangeChannel);
        if (!channel.isLive) return reject(new Error('the change channel of this app is not live'));
        const timer = setTimeout(() => reject(new Error(`change marker not heard within 5 s`)), 5_000);
        const stop = channel.listen({
          onChange: (tag) => {
            if (tag !== marker) return;
            clearTimeout(timer);
            stop();
            resolve();
          },
          onReset: () => undefined,
        });
      }),
  );
  await sql(`SELECT pg_notify($1, $2)`, [CHANGE_CHANNEL, marker]);
  await Promise.all(heard);
}
