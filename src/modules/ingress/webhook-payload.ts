import { parse as parseQuery } from 'node:querystring';
import { RequestInvalidError } from '../../shared/errors';
import { containsNul } from '../../shared/strict-input';
import { header, RequestHeaders } from './signatures/signature-verifier';

/**
 * The provider's body as the receiver gets it in `payload`: JSON parsed; form-encoded bodies as an
 * object, where Slack's interactive `payload=<json>` field is unwrapped; anything else as text.
 * PostgreSQL cannot store a NUL character in jsonb, so a body holding one is refused (400) rather
 * than failing the insert with a 500.
 */
export function parseWebhookPayload(headers: RequestHeaders, rawBody: Buffer): unknown {
  const payload = readPayload(headers, rawBody);
  if (containsNul(payload)) throw new RequestInvalidError('Webhook body holds a NUL character');
  return payload;
}

function readPayload(headers: RequestHeaders, rawBody: Buffer): unknown {
  const contentType = (header(headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
  const text = rawBody.toString('utf8');
  if (contentType === 'application/x-www-form-urlencoded') {
    const fields = parseQuery(text);
    if (typeof fields.payload === 'string') {
      const inner = parseJson(fields.payload);
      if (inner !== undefined) return inner;
    }
    return Object.fromEntries(Object.entries(fields));
  }
  if (contentType === 'application/json' || contentType.endsWith('+json') || contentType === '') {
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
