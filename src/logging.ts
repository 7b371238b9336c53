import { IncomingMessage } from 'node:http';
import { Params } from 'nestjs-pino';
import { DestinationStream } from 'pino';
import { AppConfig } from './config';
import { PrettyLogStream } from './pretty-log-stream';
import { resolveRequestId } from './shared/request-id';

export type LogDestination = DestinationStream;

/** Paths pino censors wherever they appear: credentials never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.clientSecret',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.token',
  '*.secret',
  '*.deliverySecret',
  '*.password',
  '*.apiKey',
  '*.key',
];

const QUIET_ROUTES = /^\/(health|metrics)/;

export function loggerOptions(config: AppConfig, destination?: LogDestination): Params {
  if (config.logFormat === 'pretty') {
    destination = new PrettyLogStream(
      destination ?? process.stdout,
      !destination && process.stdout.isTTY === true,
    );
  }
  return {
    pinoHttp: [
      {
        level: config.logLevel,
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        // Fastify already assigned the id (onRequest hook); reuse it so log and response agree.
        genReqId: (request: IncomingMessage) =>
          (request as IncomingMessage & { id?: string }).id ??
          resolveRequestId(request.headers['x-request-id']),
        autoLogging: {
          ignore: (request: IncomingMessage & { originalUrl?: string }) =>
            QUIET_ROUTES.test(request.originalUrl ?? request.url ?? ''),
        },
        serializers: {
          // method and path only: query strings may carry codes and states
          req: (request: { id: string; method: string; url: string }) => ({
            id: request.id,
            method: request.method,
            path: (request.url ?? '').split('?')[0],
          }),
          res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
        },
      },
      destination as DestinationStream,
    ].filter(Boolean) as Params['pinoHttp'],
  };
}
