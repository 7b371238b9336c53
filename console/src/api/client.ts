import createClient, { type Middleware } from 'openapi-fetch';
import type { PlannedPaths } from './planned';
import type { paths } from './schema';

/** The generated paths, plus the planned ones this build's document does not describe yet. */
export type ApiPaths = paths & Omit<PlannedPaths, keyof paths>;

/** An API failure as the console shows it: the body's message and code, and the request id. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
  ) {
    super(message);
  }
}

interface ErrorShape {
  error?: { code?: unknown; message?: unknown; requestId?: unknown };
}

export function toApiError(response: Response | undefined, body: unknown): ApiError {
  if (!response) return new ApiError(0, 'NETWORK', 'plugboard did not answer (network error)', null);
  const error = (body as ErrorShape | undefined)?.error;
  const requestId =
    (typeof error?.requestId === 'string' ? error.requestId : null) ?? response.headers.get('x-request-id');
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${response.status}`;
  const message =
    typeof error?.message === 'string' ? error.message : `${response.status} ${response.statusText}`.trim();
  return new ApiError(response.status, code, message, requestId);
}

/** What every openapi-fetch call resolves to; `unwrap` turns it into data or a thrown ApiError. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : String(cause), null);
  }
  if (!result.response.ok) throw toApiError(result.response, result.error);
  return result.data as T;
}

/** One client per signed-in key: every call carries it, nothing else is stored or sent. */
export function createApiClient(key: string | null) {
  const client = createClient<ApiPaths>({ baseUrl: window.location.origin });
  if (key) {
    const authorize: Middleware = {
      onRequest({ request }) {
        request.headers.set('authorization', `Bearer ${key}`);
        return request;
      },
    };
    client.use(authorize);
  }
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;
