import { isUtf8 } from 'node:buffer';

/**
 * Input that no client legitimately sends and that breaks something further in: PostgreSQL refuses
 * NUL in text (a 500 once it reaches an INSERT), and lenient decoders turn invalid UTF-8 or a broken
 * percent-escape into replacement characters that then get stored. Every check here says what is
 * wrong, or null when the input is acceptable.
 */

/** Why a request body's bytes cannot be read as text, or null. */
export function textProblem(bytes: Buffer): string | null {
  return isUtf8(bytes) ? null : 'Request body is not valid UTF-8';
}

/**
 * Decodes one percent-encoded component strictly: a `%` not followed by two hex digits, bytes that
 * are not UTF-8, or a NUL make it unreadable (undefined).
 */
export function decodeComponent(component: string, plusIsSpace = false): string | undefined {
  try {
    const decoded = decodeURIComponent(plusIsSpace ? component.replace(/\+/g, ' ') : component);
    return decoded.includes('\u0000') ? undefined : decoded;
  } catch {
    return undefined;
  }
}

/** Why a request target (path and query, as sent) is unreadable, or null. */
export function urlProblem(url: string): string | null {
  if (!url.includes('%')) return null;
  const components = url.split(/[/?&=;]/);
  return components.every((component) => decodeComponent(component) !== undefined)
    ? null
    : 'Request URL has a malformed percent-encoding or a NUL character';
}

export type FormFields = Record<string, string | string[]>;

export const FORM_PROBLEM = 'Form body has a malformed percent-encoding or a NUL character';

/**
 * Parses an application/x-www-form-urlencoded body as `querystring.parse` does (repeated names
 * become arrays), but refuses (undefined) what it would silently garble.
 */
export function parseStrictForm(text: string): FormFields | undefined {
  const fields: FormFields = Object.create(null) as FormFields;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const name = decodeComponent(separator < 0 ? pair : pair.slice(0, separator), true);
    const value = decodeComponent(separator < 0 ? '' : pair.slice(separator + 1), true);
    if (name === undefined || value === undefined) return undefined;
    const existing = fields[name];
    fields[name] = existing === undefined ? value : [...([] as string[]).concat(existing), value];
  }
  return fields;
}
