import { sign } from '@octokit/webhooks-methods';
import { GithubVerifier } from './github.verifier';

const verifier = new GithubVerifier();
const secret = 'github-webhook-secret';
const payload = JSON.stringify({
  action: 'opened',
  issue: { number: 7 },
  repository: { full_name: 'acme/app' },
});

describe('GithubVerifier', () => {
  it('accepts X-Hub-Signature-256 made by @octokit/webhooks-methods', async () => {
    const signature = await sign(secret, payload);
    const result = verifier.verify({
      headers: { 'x-hub-signature-256': signature },
      rawBody: Buffer.from(payload),
      secret,
      now: new Date(),
    });
    expect(result).toEqual({ ok: true });
  });

  it('rejects another secret, a tampered body and the legacy sha1 header alone', async () => {
    const now = new Date();
    const other = await sign('another-secret', payload);
    expect(
      verifier.verify({
        headers: { 'x-hub-signature-256': other },
        rawBody: Buffer.from(payload),
        secret,
        now,
      }).ok,
    ).toBe(false);
    const good = await sign(secret, payload);
    expect(
      verifier.verify({
        headers: { 'x-hub-signature-256': good },
        rawBody: Buffer.from(payload + '\n'),
        secret,
        now,
      }).ok,
    ).toBe(false);
    expect(
      verifier.verify({
        headers: { 'x-hub-signature': 'sha1=abc' },
        rawBody: Buffer.from(payload),
        secret,
        now,
      }).ok,
    ).toBe(false);
  });
});
