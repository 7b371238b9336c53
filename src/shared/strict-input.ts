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

const UNSTORABLE_JSON =
  'JSON may not hold NUL characters, unpaired surrogate escapes or nesting deeper than 1000 levels';

/** A JSON request body's text, or why it cannot be taken (not UTF-8, or JSON PostgreSQL would refuse). */
export function jsonBodyText(bytes: Buffer): { text: string } | { problem: string } {
  const problem = textProblem(bytes);
  if (problem) return { problem };
  const text = bytes.toString('utf8');
  return isStorableJson(text) ? { text } : { problem: UNSTORABLE_JSON };
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

/**
 * Whether PostgreSQL's jsonb accepts this JSON text: it refuses `\u0000`, a surrogate escape that is
 * not part of a pair, and very deep nesting. Checked before a delivery joins a batch, because one
 * row PostgreSQL refuses fails the whole multi-row insert, everyone else's rows with it.
 */
export function isStorableJson(json: string): boolean {
  return nestingWithin(json, MAX_JSON_DEPTH) && escapesStorable(json);
}

/** PostgreSQL parses jsonb recursively and gives up ("stack depth limit exceeded") near 20,000 levels. */
const MAX_JSON_DEPTH = 1_000;

function nestingWithin(json: string, limit: number): boolean {
  if (json.length <= limit) return true;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < json.length; index++) {
    const code = json.charCodeAt(index);
    if (inString) {
      if (code === 0x5c)
        index++; // backslash: the next character is escaped
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > limit) return false;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return true;
}

function escapesStorable(json: string): boolean {
  if (!json.includes('\\u')) return true;
  let pendingHigh = false;
  let end = -1;
  for (const match of json.matchAll(/(\\+)u([0-9a-fA-F]{4})/g)) {
    // an even run of backslashes is literal text, not an escape
    if (match[1].length % 2 === 0) continue;
    const code = parseInt(match[2], 16);
    const adjacent = match.index === end;
    end = match.index + match[0].length;
    if (pendingHigh && !(adjacent && code >= 0xdc00 && code <= 0xdfff)) return false;
    if (pendingHigh) {
      pendingHigh = false;
      continue;
    }
    if (code === 0) return false;
    if (code >= 0xdc00 && code <= 0xdfff) return false;
    pendingHigh = code >= 0xd800 && code <= 0xdbff;
  }
  return !pendingHigh;
}
