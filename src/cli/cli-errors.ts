import { PlugboardApiError, PlugboardNetworkError } from '@plugboard/sdk';

/**
 * Exit codes of `plugboard` (README "CLI"): scripts can tell a bad command line from a refused key,
 * an unreachable server or an API error without parsing text.
 */
export const EXIT = {
  ok: 0,
  apiError: 1,
  usage: 2,
  notSignedIn: 3,
  unreachable: 4,
  incomplete: 5,
} as const;

/** A command line that cannot run: unknown command or flag, a missing argument. */
export class UsageError extends Error {}

/** No usable login: nothing stored and no PLUGBOARD_URL / PLUGBOARD_API_KEY. */
export class NotSignedInError extends Error {}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof NotSignedInError) return EXIT.notSignedIn;
  if (error instanceof PlugboardNetworkError) return EXIT.unreachable;
  if (error instanceof PlugboardApiError) {
    return error.status === 401 || error.status === 403 ? EXIT.notSignedIn : EXIT.apiError;
  }
  return EXIT.apiError;
}

/** One line for people: the API's message with its code and request id (to find the server's log). */
export function describeError(error: unknown): string {
  if (error instanceof PlugboardApiError) {
    const request = error.requestId ? `, request id ${error.requestId}` : '';
    return `${error.message} (${error.code}, HTTP ${error.status}${request})`;
  }
  return error instanceof Error ? error.message : String(error);
}
