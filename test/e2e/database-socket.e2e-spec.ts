import * as fs from 'node:fs';
import * as path from 'node:path';
import { LISTEN_APPLICATION_NAME } from '../../src/database/change-channel';
import { testEnv } from '../support/app';
import { closeSql, sql } from '../support/db';
import { spawnPlugboard, stopProcess, waitForStatus } from '../support/process';
import { waitUntil } from '../support/wait-until';
import { testState } from '../support/test-state';

/**
 * docs/deploy.md recommends PostgreSQL's Unix socket when it shares the machine (the audit ledger's
 * batches cost the proxy about half as much over it). The URL form it gives must start plugboard,
 * and every connection of it — the pool and the change channel's listener — must use the socket.
 */
const server = new URL(testState().databaseUrl);
const port = server.port || '5432';
// Debian's and most packaged servers put it in the first; the embedded PostgreSQL (a fresh machine) has none
const socketDirectory = ['/var/run/postgresql', '/tmp'].find((directory) =>
  fs.existsSync(path.join(directory, `.s.PGSQL.${port}`)),
);
if (!socketDirectory)
  console.warn(
    `\n[test] !!! no PostgreSQL Unix socket for port ${port}: the socket DATABASE_URL test is SKIPPED !!!\n`,
  );

describe('DATABASE_URL over PostgreSQL’s Unix socket', () => {
  afterAll(() => closeSql());

  (socketDirectory ? it : it.skip)(
    'starts, answers ready and connects only through the socket (`?host=<socket directory>`)',
    async () => {
      const [{ directories }] = await sql<{ directories: string }>(
        `SELECT setting AS directories FROM pg_settings WHERE name = 'unix_socket_directories'`,
      );
      // the socket found is the test server's own
      expect(directories.split(',').map((entry) => entry.trim())).toContain(socketDirectory);
      const directory = socketDirectory!;

      const applicationName = `plugboard-socket-${process.pid}`;
      const viaSocket = `postgres://${server.username}@/${server.pathname.slice(1)}?host=${directory}&port=${port}&application_name=${applicationName}`;
      const started = await spawnPlugboard(testEnv({ DATABASE_URL: viaSocket, LOG_LEVEL: 'warn' }));
      try {
        await waitForStatus(started); // throws unless /health/ready answers 200 within 30 s
        // the pool's sessions and the change channel's listener (its last statement is its LISTEN; the
        // URL's application_name names it too)
        const sessionsOf = () =>
          sql<{ query: string; client_addr: string | null; client_port: number | null }>(
            `SELECT query, client_addr, client_port FROM pg_stat_activity
            WHERE datname = current_database() AND application_name IN ($1, $2)`,
            [applicationName, LISTEN_APPLICATION_NAME],
          );
        const sessions = await waitUntil(sessionsOf, (rows) =>
          rows.some((row) => /^\s*LISTEN/i.test(row.query)),
        );
        expect(sessions.length).toBeGreaterThanOrEqual(2);
        expect(sessions.some((session) => /^\s*LISTEN/i.test(session.query))).toBe(true);
        // a Unix-socket session has no client address and port -1
        expect(sessions.every((session) => session.client_addr === null && session.client_port === -1)).toBe(
          true,
        );
      } finally {
        await stopProcess(started);
      }
    },
    60_000,
  );
});
