import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, ConfigError, loadConfig, readProcessEnv, resolveGeneratedSecrets } from './config';
import { createApp } from './create-app';
import { EmbeddedPostgres, runMigrations } from './database';

/** Plain stdout lines for start-up, before the pino logger exists. */
function say(message: string): void {
  process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: message })}\n`);
}

/**
 * Start-up order: validate config → resolve generated dev secrets → database (embedded when no
 * DATABASE_URL) → migrations → HTTP app. SIGINT/SIGTERM close the app, then the embedded database.
 */
export async function bootstrap(role: 'main' | 'worker' = 'main'): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(readProcessEnv());
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

  let embedded: EmbeddedPostgres | undefined;
  let app: NestFastifyApplication | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`received ${signal}, shutting down`);
    await app?.close().catch((error: unknown) => say(`error while closing: ${String(error)}`));
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const generated = resolveGeneratedSecrets(config);
    config = generated.config;
    if (generated.report.adminKeyCreated) {
      say(`generated the operator key (shown once): ${generated.report.adminKeyCreated}`);
    }
    if (generated.report.adminKeyFile) say(`operator key is in ${generated.report.adminKeyFile}`);
    if (config.outbound.allowPrivateUpstreams) {
      say(
        'WARNING: ALLOW_PRIVATE_UPSTREAMS=true lets outbound calls reach private addresses; tests and local development only',
      );
    }

    let databaseUrl = config.database.url;
    if (!databaseUrl) {
      embedded = new EmbeddedPostgres({ dataDir: config.dataDir, log: say });
      databaseUrl = await embedded.start();
      config = config.with({ databaseUrl });
    }
    const applied = await runMigrations(databaseUrl, { encryptionKeys: config.crypto.encryptionKeys });
    if (applied.length > 0) say(`applied migrations: ${applied.join(', ')}`);

    app = await createApp({ config });
    if (config.processRole === 'worker') {
      await app.listen({ port: config.workerPort, host: '0.0.0.0' });
      say(`plugboard worker running; /health and /metrics on port ${config.workerPort}`);
    } else {
      await app.listen({ port: config.port, host: '0.0.0.0' });
      const what = config.processRole === 'api' ? 'plugboard API (no consumers, no scheduler)' : 'plugboard';
      say(`${what} listening on ${config.publicUrl} (port ${config.port}); API docs at /docs`);
    }
  } catch (error) {
    process.stderr.write(
      `start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await app?.close().catch(() => undefined);
    await embedded?.stop();
    process.exit(1);
  }
}
