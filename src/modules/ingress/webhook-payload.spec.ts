import { isStorableJson } from '../../shared/strict-input';
import { parseWebhookPayload, readWebhookBody, slackChallenge } from './webhook-payload';

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('parseWebhookPayload', () => {
  it('parses JSON bodies, with or without a charset', () => {
    expect(
      parseWebhookPayload({ 'content-type': 'application/json; charset=utf-8' }, Buffer.from('{"a":1}')),
    ).toEqual({
      a: 1,
    });
  });

  it('unwraps Slack’s form-encoded interactive payload field', () => {
    const body = `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [{ value: 'yes' }] }))}`;
    expect(parseWebhookPayload(form, Buffer.from(body))).toEqual({
      type: 'block_actions',
      actions: [{ value: 'yes' }],
    });
  });

  it('keeps other form bodies (slash commands) as an object of fields', () => {
    expect(parseWebhookPayload(form, Buffer.from('command=%2Fdeploy&text=now'))).toEqual({
      command: '/deploy',
      text: 'now',
    });
  });

  it('keeps a body that is not JSON as text', () => {
    expect(parseWebhookPayload({ 'content-type': 'text/plain' }, Buffer.from('hello'))).toBe('hello');
    expect(parseWebhookPayload({ 'content-type': 'application/json' }, Buffer.from('{broken'))).toBe(
      '{broken',
    );
  });
});

describe('slackChallenge', () => {
  it('returns the challenge of a url_verification payload only', () => {
    expect(slackChallenge({ type: 'url_verification', challenge: 'abc' })).toBe('abc');
    expect(slackChallenge({ type: 'event_callback', challenge: 'abc' })).toBeNull();
    expect(slackChallenge('text')).toBeNull();
  });
});

describe('readWebhookBody', () => {
  it('stores a JSON body as its own text and anything else serialised', () => {
    const json = readWebhookBody(
      { 'content-type': 'application/json' },
      Buffer.from('{"n": 12345678901234567890}'),
    );
    expect(json.json).toBe('{"n": 12345678901234567890}');
    expect(readWebhookBody({ 'content-type': 'text/plain' }, Buffer.from('hi')).json).toBe('"hi"');
    expect(readWebhookBody({ 'content-type': 'application/json' }, Buffer.from('{broken')).json).toBe(
      '"{broken"',
    );
  });
});

describe('isStorableJson', () => {
  it('accepts ordinary escapes, pairs of surrogates and literal backslash-u text', () => {
    expect(isStorableJson('{"a":"\\u00e9 \\ud83d\\ude00"}')).toBe(true);
    expect(isStorableJson('{"a":"\\\\u0000 is text"}')).toBe(true);
    expect(isStorableJson('{"plain":"no escapes"}')).toBe(true);
  });

  it('refuses NUL and unpaired surrogates, which PostgreSQL jsonb refuses', () => {
    expect(isStorableJson('{"a":"\\u0000"}')).toBe(false);
    expect(isStorableJson('{"\\u0000":1}')).toBe(false);
    expect(isStorableJson('{"a":"\\\\\\u0000"}')).toBe(false);
    expect(isStorableJson('{"a":"\\ud83d"}')).toBe(false);
    expect(isStorableJson('{"a":"\\ude00"}')).toBe(false);
    expect(isStorableJson('{"a":"\\ud83d x \\ude00"}')).toBe(false);
    expect(isStorableJson(JSON.stringify({ a: 'x\u0000y' }))).toBe(false);
  });

  it('refuses nesting deeper than PostgreSQL parses, counting only brackets outside strings', () => {
    expect(isStorableJson('['.repeat(1001) + ']'.repeat(1001))).toBe(false);
    expect(isStorableJson('['.repeat(1000) + ']'.repeat(1000))).toBe(true);
    expect(isStorableJson(JSON.stringify({ text: '['.repeat(5000) }))).toBe(true);
  });
});
