import { Injectable, NestMiddleware } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { IncomingMessage } from 'node:http';

export type Principal = { kind: 'operator' } | { kind: 'org'; orgId: string; apiKeyId: string };

/** What a request (or work run for an org) carries through every await below it. */
export interface RequestScope {
  /** The HTTP request the scope was opened for; its `id` is the request id (set in create-app). */
  request?: IncomingMessage & { id?: unknown };
  principal?: Principal;
  orgId?: string;
}

/**
 * One AsyncLocalStorage for the request's scope. Written here rather than taken from nestjs-cls:
 * that module always registers a global guard and a global interceptor (no-ops unless mounted), and
 * one global interceptor is enough to put every Nest request through rxjs and two
 * `AsyncResource.bind` calls, each building deprecation wrappers — with its per-request proxy
 * provider lookup, about a fifth of an access-token call's CPU in bench/PROFILE.md.
 */
@Injectable()
export class RequestContext {
  private readonly storage = new AsyncLocalStorage<RequestScope>();

  current(): RequestScope | undefined {
    return this.storage.getStore();
  }

  /** Runs `work` in `scope`; the scope is the same object for every await below it. */
  run<T>(scope: RequestScope, work: () => T): T {
    return this.storage.run(scope, work);
  }
}

/** Opens a scope for each request that goes through Nest (raw routes open none). */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  constructor(private readonly context: RequestContext) {}

  use(request: IncomingMessage, _response: unknown, next: (error?: unknown) => void): void {
    this.context.run({ request }, () => next());
  }
}
