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
