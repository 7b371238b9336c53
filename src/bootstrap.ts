import { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as path from 'node:path';
import {
  AppConfig,
  ConfigError,
  loadConfig,
  loadDotEnvFile,
  readProcessEnv,
  resolveGeneratedSecrets,
} from './config';
import { createApp } from './create-app';
import { EmbeddedPostgres, EmbeddedPostgresUnsupportedError, runMigrations } from './database';
import { announceReady, followPrimary, isClusterProcess, startCluster } from './process-cluster';

/** Start-up lines, before the pino logger exists: a JSON line, or plain text for LOG_FORMAT=pretty. */
let say = (message: string): void => {
  process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: message })}\n`);
};

/** Lines meant for the person at the terminal in every format (the generated key, what to run next). */
function tell(lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : `./${relative}`;
}

/**
 * Start-up order: validate config → resolve generated dev secrets → database (embedded when no
 * DATABASE_URL) → migrations → HTTP app, or with PROCESSES > 1 that many processes running the app
 * (process-cluster.ts; each of them starts here too and skips the database and migrations).
 * SIGINT/SIGTERM close the app (or the processes), then the embedded database.
 */
export async function bootstrap(role: 'main' | 'worker' = 'main'): Promise<void> {
  let config: AppConfig;
  let envFile: string | undefined;
  try {
    envFile = loadDotEnvFile();
    config = loadConfig(readProcessEnv(), { stdoutIsTerminal: process.stdout.isTTY === true });
    if (role === 'worker') {
      if (config.processRole === 'api')
        throw new ConfigError('PROCESS_ROLE', 'cannot be api for dist/worker.js');
      if (!config.database.url)
        throw new ConfigError(
          'DATABASE_URL',
          'is required for dist/worker.js (a worker shares the API database)',
        );
      config = config.with({ processRole: 'worker' });
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  if (config.logFormat === 'pretty') say = (message) => process.stdout.write(`${message}\n`);
  if (envFile) say(`read ${shownPath(envFile)} (variables set in the environment win)`);

  // a process of a cluster: the primary said what there is to say and prepared the database
  const clusterProcess = isClusterProcess();
  if (clusterProcess) say = () => undefined;

  let embedded: EmbeddedPostgres | undefined;
  let app: NestFastifyApplication | undefined;
  let processes: { stop: () => Promise<void> } | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`received ${signal}, shutting down`);
    await processes?.stop();
    await app?.close().catch((error: unknown) => say(`error while closing: ${String(error)}`));
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  followPrimary(() => void shutdown("the primary's exit"));

  try {
    const generated = resolveGeneratedSecrets(config);
    config = generated.config;
    const keyFile = generated.report.adminKeyFile ? shownPath(generated.report.adminKeyFile) : undefined;
    if (generated.report.adminKeyCreated) {
      tell([`Operator key (shown once; kept in ${keyFile}):`, generated.report.adminKeyCreated]);
    } else if (keyFile) {
      say(`operator key is in ${keyFile}`);
    }
    if (config.outbound.allowPrivateUpstreams) {
      say(
        'WARNING: ALLOW_PRIVATE_UPSTREAMS=true lets outbound calls reach private addresses; tests and local development only',
      );
    }

    let databaseUrl = config.database.url;
    if (!databaseUrl) {
      embedded = new EmbeddedPostgres({
        dataDir: config.dataDir,
        log: say,
        avoidPort: config.processRole === 'worker' ? config.workerPort : config.port,
      });
      databaseUrl = await embedded.start();
      config = config.with({ databaseUrl });
    }
    if (!clusterProcess) {
      const applied = await runMigrations(databaseUrl, { encryptionKeys: config.crypto.encryptionKeys });
      if (applied.length > 0) say(`applied migrations: ${applied.join(', ')}`);
    }

    const primary = config.processes > 1 && !clusterProcess;
    const clusterNote = primary ? `, ${config.processes} processes` : '';
    if (primary) {
      processes = await startCluster({
        processes: config.processes,
        env: { DATABASE_URL: databaseUrl },
        say,
      });
    } else {
      app = await createApp({ config });
      await app.listen({
        port: config.processRole === 'worker' ? config.workerPort : config.port,
        host: '0.0.0.0',
      });
      announceReady();
    }
    if (config.processRole === 'worker') {
      say(`plugboard worker running${clusterNote}; /health and /metrics on port ${config.workerPort}`);
    } else {
      const what = config.processRole === 'api' ? 'plugboard API (no consumers, no scheduler)' : 'plugboard';
      say(`${what} listening on ${config.publicUrl} (port ${config.port}${clusterNote}); API docs at /docs`);
      if (generated.report.adminKeyCreated && keyFile) {
        tell([
          'Next, check the key (then see "Try it" in README.md):',
          `  curl -s ${config.publicUrl}/v1/me -H "authorization: Bearer $(cat ${keyFile})"`,
        ]);
      }
    }
  } catch (error) {
    // what is unsupported is said in one line; anything else keeps its stack for the bug report
    const detail =
      error instanceof EmbeddedPostgresUnsupportedError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`start-up failed: ${detail}\n`);
    await processes?.stop();
    await app?.close().catch(() => undefined);
    await embedded?.stop();
    process.exit(1);
  }
}
