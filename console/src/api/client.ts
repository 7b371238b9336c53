import { Plugboard, PlugboardApiError, PlugboardNetworkError } from '@plugboard/sdk';

/** An API failure as the console shows it: the body's message and code, and the request id. */
export { PlugboardApiError as ApiError } from '@plugboard/sdk';
export type {
  Agent,
  AuditAction,
  AuditEntry,
  CatalogProvider,
  Connection,
  Delivery,
  DeliveryStatus,
  Integration,
  Interaction,
  Placeholder,
  Provider,
  RedriveProgress,
  RedriveResult,
} from '@plugboard/sdk';

/** Anything a call threw, as the error banner shows it (a network failure has status 0). */
export function toApiError(cause: unknown): PlugboardApiError {
  if (cause instanceof PlugboardApiError) return cause;
  if (cause instanceof PlugboardNetworkError) {
    return new PlugboardApiError(0, 'NETWORK', 'plugboard did not answer (network error)', null);
  }
  return new PlugboardApiError(0, 'CONSOLE', cause instanceof Error ? cause.message : String(cause), null);
}

/** Resolves to the call's data, or throws it as an ApiError the pages can show. */
export async function unwrap<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (cause) {
    throw toApiError(cause);
  }
}

/** One SDK client per signed-in key: every call carries it, nothing else is stored or sent. */
export function createApiClient(key: string | null): Plugboard {
  return new Plugboard({ baseUrl: window.location.origin, apiKey: key ?? undefined });
}

export type ApiClient = Plugboard;
