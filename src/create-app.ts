import { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config';
import { LogDestination } from './logging';
import { serveConsole } from './modules/console';
import { ErrorResponseFilter } from './shared/error-response.filter';
import { MetricsRegistry } from './shared/metrics.registry';
import { resolveRequestId } from './shared/request-id';
import { createValidationPipe } from './shared/validation.pipe';

export interface CreateAppOptions {
  config: AppConfig;
  logDestination?: LogDestination;
}

/** Builds the HTTP application; main.ts and the test harness both use exactly this. */
export async function createApp({
  config,
  logDestination,
}: CreateAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    logger: false,
    genReqId: (request: IncomingMessage) => resolveRequestId(request.headers['x-request-id']),
    requestIdHeader: false,
    bodyLimit: Math.max(config.ingress.maxBodyBytes, 1024 * 1024),
    return503OnClosing: true,
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    (request.raw as typeof request.raw & { id: string }).id = request.id;
    void reply.header('x-request-id', request.id);
    done();
  });

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, logDestination }),
    adapter,
    {
      bufferLogs: true,
      abortOnError: false,
    },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();

  const metrics = app.get(MetricsRegistry);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequestDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.useGlobalFilters(new ErrorResponseFilter());
  app.useGlobalPipes(createValidationPipe());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('plugboard')
      .setDescription('Integration hub for AI-agent platforms. Contract: shared/API.md.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  await serveConsole(app);
  return app;
}
