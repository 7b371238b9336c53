import { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { AppConfig, loadConfig } from '../../src/config';
import { createApp } from '../../src/create-app';
import { assertNoSecretLeaks, auditLogLine, registerSecret } from './secrets-audit';
import { auditLedgerSince } from './stored-audit';
import { testState } from './test-state';

export const TEST_ADMIN_KEY = 'test-operator-key-0123456789abcdef';
export const TEST_ENCRYPTION_KEYS = `test1:${Buffer.alloc(32, 7).toString('base64')}`;
registerSecret(TEST_ADMIN_KEY);
registerSecret(TEST_ENCRYPTION_KEYS.split(':')[1]);

/** Captures the app's pino output so tests can assert on log lines (and on the absence of secrets). */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    const lines = chunk.toString('utf8').split('\n').filter(Boolean);
    lines.forEach(auditLogLine);
    this.lines.push(...lines);
    callback();
  }

  messages(): string[] {
    return this.lines.map((line) => {
      try {
        return String((JSON.parse(line) as { msg?: unknown }).msg ?? '');
      } catch {
        return line;
      }
    });
  }

  text(): string {
    return this.lines.join('\n');
  }
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  baseUrl: string;
  logs: LogCapture;
  close(): Promise<void>;
}

export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: testState().databaseUrl,
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    ALLOW_PRIVATE_UPSTREAMS: 'true',
    DATA_DIR: path.join(os.tmpdir(), 'plugboard-test-data'),
    // debug by default: the secrets audit reads every line the app writes (TEST_LOG_LEVEL overrides)
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'debug',
    ...overrides,
  };
}

/**
 * Boots the real application (same createApp as main.ts) on a free loopback port. `beforeListen`
 * may add to it what a module would (e.g. a plain Fastify route) before it starts listening.
 */
export async function startApp(
  overrides: Record<string, string> = {},
  beforeListen?: (app: NestFastifyApplication) => void,
): Promise<TestApp> {
  const logs = new LogCapture();
  const started = new Date(Date.now() - 1_000);
  const config = loadConfig(testEnv({ PORT: '0', ...overrides }));
  const app = await createApp({ config, logDestination: logs });
  beforeListen?.(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const close = async () => {
    // closing writes the audit entries still buffered; then the ledger is searched like the logs
    await app.close();
    await auditLedgerSince(config.database.url, started);
    assertNoSecretLeaks();
  };
  return { app, config, baseUrl: `http://127.0.0.1:${port}`, logs, close };
}
