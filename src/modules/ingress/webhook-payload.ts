import { parse as parseQuery } from 'node:querystring';
import { header, RequestHeaders } from './signatures/signature-verifier';

/**
 * The provider's body as the receiver gets it in `payload`: JSON parsed; form-encoded bodies as an
 * object, where Slack's interactive `payload=<json>` field is unwrapped; anything else as text.
 */
export function parseWebhookPayload(headers: RequestHeaders, rawBody: Buffer): unknown {
  return readWebhookBody(headers, rawBody).payload;
}

/**
 * The payload, and the JSON text it is stored as: a JSON body's own text (no second serialisation,
 * and PostgreSQL keeps its numbers exactly), anything else serialised.
 */
export function readWebhookBody(
  headers: RequestHeaders,
  rawBody: Buffer,
): { payload: unknown; json: string } {
  const text = rawBody.toString('utf8');
  const payload = parseText(headers, text);
  const fromJsonText = isJsonContentType(headers) && payload !== text;
  return { payload, json: fromJsonText ? text : JSON.stringify(payload) };
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

function isJsonContentType(headers: RequestHeaders): boolean {
  const contentType = mediaType(headers);
  return contentType === 'application/json' || contentType.endsWith('+json') || contentType === '';
}

function mediaType(headers: RequestHeaders): string {
  return (header(headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
}

function parseText(headers: RequestHeaders, text: string): unknown {
  const contentType = mediaType(headers);
  if (contentType === 'application/x-www-form-urlencoded') {
    const fields = parseQuery(text);
    if (typeof fields.payload === 'string') {
      const inner = parseJson(fields.payload);
      if (inner !== undefined) return inner;
    }
    return Object.fromEntries(Object.entries(fields));
  }
  if (isJsonContentType(headers)) {
    const parsed = parseJson(text);
    if (parsed !== undefined) return parsed;
  }
  return text;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Slack's endpoint handshake: answered with its challenge after the signature check, never stored. */
export function slackChallenge(payload: unknown): string | null {
  if (!isObject(payload) || payload.type !== 'url_verification') return null;
  return typeof payload.challenge === 'string' ? payload.challenge : null;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
