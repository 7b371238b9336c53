import { parseWebhookPayload, slackChallenge } from './webhook-payload';

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

  it('refuses a NUL character in a JSON string, a form field or a text body (jsonb cannot hold it)', () => {
    const json = { 'content-type': 'application/json' };
    expect(() => parseWebhookPayload(json, Buffer.from('{"a":["\\u0000"]}'))).toThrow(/NUL/);
    expect(() => parseWebhookPayload(form, Buffer.from('text=%00'))).toThrow(/NUL/);
    expect(() => parseWebhookPayload({ 'content-type': 'text/plain' }, Buffer.from('a\0b'))).toThrow(/NUL/);
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
