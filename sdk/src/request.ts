import { PlugboardApiError, PlugboardNetworkError } from './errors';
import { OPERATIONS, Operations, RequestOptions } from './generated/operations';

export interface TransportOptions {
  /** plugboard's base URL, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** An org key (`pbk_…`) or the operator key. */
  apiKey?: string;
  /** Another fetch (tests, proxies); defaults to the global one. */
  fetch?: typeof fetch;
  /** Headers sent with every call. */
  headers?: Record<string, string>;
}

type OperationName = keyof typeof OPERATIONS;
type Input = Record<string, unknown> & { body?: unknown };

/** Fills the path template, percent-encoding each value; a missing value is a caller bug. */
function buildUrl(baseUrl: string, name: OperationName, input: Input): string {
  const spec = OPERATIONS[name];
  let route: string = spec.path;
  for (const parameter of spec.pathParams as readonly string[]) {
    const value = input[parameter];
    if (value === undefined || value === null || value === '') {
      throw new TypeError(`${name}: ${parameter} is required`);
    }
    route = route.replace(`{${parameter}}`, encodeURIComponent(String(value)));
  }
  const query = new URLSearchParams();
  for (const parameter of spec.queryParams as readonly string[]) {
    const value = input[parameter];
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) query.append(parameter, String(item));
  }
  const search = query.toString();
  return `${baseUrl.replace(/\/+$/, '')}${route}${search ? `?${search}` : ''}`;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Makes one call of a generated operation: URL, key, JSON body, and a typed error for non-2xx. */
export async function callOperation(
  transport: TransportOptions,
  name: OperationName,
  input: Input = {},
  options: RequestOptions = {},
): Promise<unknown> {
  const spec = OPERATIONS[name];
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...transport.headers,
    ...options.headers,
  };
  if (transport.apiKey) headers.authorization = `Bearer ${transport.apiKey}`;
  let body: string | undefined;
  if (spec.hasBody && input.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(input.body);
  }
  const url = buildUrl(transport.baseUrl, name, input);
  let response: Response;
  try {
    response = await (transport.fetch ?? fetch)(url, {
      method: spec.method,
      headers,
      body,
      signal: options.signal,
    });
  } catch (cause) {
    if ((cause as { name?: string } | null)?.name === 'AbortError') throw cause;
    throw new PlugboardNetworkError(`${spec.method} ${url} failed: ${describe(cause)}`, cause);
  }
  if (!response.ok) throw PlugboardApiError.fromResponse(response, await readBody(response));
  if (spec.parseAs === 'none') {
    await response.body?.cancel();
    return undefined;
  }
  if (spec.parseAs === 'text') return response.text();
  return readBody(response);
}

function describe(cause: unknown): string {
  const nested = (cause as { cause?: { code?: string; message?: string } } | null)?.cause;
  if (nested?.code) return nested.code;
  return cause instanceof Error ? cause.message : String(cause);
}

/** Every generated operation as a method bound to one transport. */
export function createOperations(transport: TransportOptions): Operations {
  const methods: Record<string, unknown> = {};
  for (const name of Object.keys(OPERATIONS) as OperationName[]) {
    methods[name] = (input?: Input, options?: RequestOptions) =>
      callOperation(transport, name, input, options);
  }
  return methods as unknown as Operations;
}
