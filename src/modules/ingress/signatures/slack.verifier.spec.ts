import { createHmac } from 'node:crypto';
import { SlackVerifier } from './slack.verifier';

const verifier = new SlackVerifier();
const secret = '8f742231b10e8888abcd99yyyzzz85a5';

// Slack's documented algorithm: v0=HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + body) in hex.
function slackSignature(timestamp: number, body: string, key = secret): string {
  return `v0=${createHmac('sha256', key).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

describe('SlackVerifier', () => {
  // From Slack's "Verifying requests from Slack" guide.
  it('accepts the example request of Slack’s documentation', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const result = verifier.verify({
      headers: {
        'x-slack-request-timestamp': '1531420618',
        'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      },
      rawBody: Buffer.from(body),
      secret,
      now: new Date(1531420618 * 1000),
    });
    expect(result).toEqual({ ok: true });
  });

  it('accepts a signed form-encoded interactive payload', () => {
    const now = Math.floor(Date.now() / 1000);
    const body = `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [] }))}`;
    const result = verifier.verify({
      headers: { 'x-slack-request-timestamp': String(now), 'x-slack-signature': slackSignature(now, body) },
      rawBody: Buffer.from(body),
      secret,
      now: new Date(now * 1000),
    });
    expect(result.ok).toBe(true);
  });

  it('rejects a stale timestamp, a tampered body and another secret', () => {
    const now = Math.floor(Date.now() / 1000);
    const body = '{"type":"event_callback"}';
    const request = (timestamp: number, signature: string, rawBody = body) => ({
      headers: { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
      rawBody: Buffer.from(rawBody),
      secret,
      now: new Date(now * 1000),
    });
    expect(verifier.verify(request(now - 301, slackSignature(now - 301, body))).ok).toBe(false);
    expect(verifier.verify(request(now, slackSignature(now, body), body + ' ')).ok).toBe(false);
    expect(verifier.verify(request(now, slackSignature(now, body, 'other'))).ok).toBe(false);
  });
});
