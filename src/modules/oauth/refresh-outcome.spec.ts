import {
  classifyTokenResponse,
  classifyTransportFailure,
  isTerminalErrorCode,
  NOT_REFRESHABLE,
} from './refresh-outcome';

describe('classifyTokenResponse', () => {
  it('reads a standard success with rotation and expiry', () => {
    const result = classifyTokenResponse({
      status: 200,
      errorStyle: 'standard',
      body: { access_token: 'a', refresh_token: 'r', expires_in: 3600, scope: 'x y', token_type: 'Bearer' },
    });
    expect(result).toEqual({
      ok: true,
      tokens: { accessToken: 'a', refreshToken: 'r', expiresInSeconds: 3600, scope: 'x y' },
    });
  });

  it('treats a missing expires_in as a non-expiring token and a missing refresh_token as null', () => {
    const result = classifyTokenResponse({
      status: 200,
      errorStyle: 'standard',
      body: { access_token: 'a' },
    });
    expect(result).toEqual({
      ok: true,
      tokens: { accessToken: 'a', refreshToken: null, expiresInSeconds: null, scope: null },
    });
  });

  it('recognises a Slack-style HTTP 200 {ok:false} as a terminal failure', () => {
    expect(
      classifyTokenResponse({
        status: 200,
        errorStyle: 'slack',
        body: { ok: false, error: 'invalid_refresh_token' },
      }),
    ).toEqual({ ok: false, errorCode: 'invalid_refresh_token', terminal: true });
  });

  it('treats a Slack-style ratelimited body as transient', () => {
    expect(
      classifyTokenResponse({ status: 200, errorStyle: 'slack', body: { ok: false, error: 'ratelimited' } }),
    ).toEqual({ ok: false, errorCode: 'ratelimited', terminal: false });
  });

  it('classifies 400 invalid_grant as terminal', () => {
    expect(
      classifyTokenResponse({ status: 400, errorStyle: 'standard', body: { error: 'invalid_grant' } }),
    ).toEqual({ ok: false, errorCode: 'invalid_grant', terminal: true });
  });

  it('classifies 5xx and 429 as transient with their Retry-After, whatever the body says', () => {
    expect(classifyTokenResponse({ status: 503, errorStyle: 'standard', body: undefined })).toEqual({
      ok: false,
      errorCode: 'http_503',
      terminal: false,
    });
    expect(
      classifyTokenResponse({
        status: 429,
        errorStyle: 'standard',
        body: { error: 'invalid_grant' },
        retryAfterSeconds: 90,
      }),
    ).toEqual({ ok: false, errorCode: 'invalid_grant', terminal: false, retryAfterSeconds: 90 });
  });

  it('reads a bare 401 as invalid_client', () => {
    expect(classifyTokenResponse({ status: 401, errorStyle: 'standard', body: 'nope' })).toEqual({
      ok: false,
      errorCode: 'invalid_client',
      terminal: true,
    });
  });

  it("recognises GitHub's HTTP 200 {error} as a failure with that code", () => {
    expect(
      classifyTokenResponse({
        status: 200,
        errorStyle: 'standard',
        body: { error: 'bad_refresh_token', error_description: 'The refresh token passed is incorrect' },
      }),
    ).toEqual({ ok: false, errorCode: 'bad_refresh_token', terminal: true });
    expect(
      classifyTokenResponse({ status: 200, errorStyle: 'standard', body: { error: 'slow_down' } }),
    ).toEqual({ ok: false, errorCode: 'slow_down', terminal: false });
  });

  it("keeps Salesforce's instance_url from the answer, as given", () => {
    const result = classifyTokenResponse({
      status: 200,
      errorStyle: 'standard',
      body: { access_token: 'a', instance_url: 'https://acme.my.salesforce.com' },
    });
    expect(result).toMatchObject({ ok: true, tokens: { instanceUrl: 'https://acme.my.salesforce.com' } });
  });

  it('treats a 2xx without an access token as a transient failure, not a success', () => {
    expect(classifyTokenResponse({ status: 200, errorStyle: 'standard', body: {} })).toMatchObject({
      ok: false,
      terminal: false,
    });
  });
});

describe('terminal codes', () => {
  it('holds the dead-grant codes and our own not-refreshable code, and not transient ones', () => {
    for (const code of ['invalid_grant', 'invalid_refresh_token', 'token_revoked', 'account_inactive'])
      expect(isTerminalErrorCode(code)).toBe(true);
    expect(isTerminalErrorCode(NOT_REFRESHABLE)).toBe(true);
    expect(isTerminalErrorCode('temporarily_unavailable')).toBe(false);
    expect(isTerminalErrorCode('server_error')).toBe(false);
  });

  it('treats every transport failure as transient', () => {
    expect(classifyTransportFailure('timeout')).toEqual({ ok: false, errorCode: 'timeout', terminal: false });
    expect(classifyTransportFailure('unreachable')).toEqual({
      ok: false,
      errorCode: 'network_error',
      terminal: false,
    });
    expect(classifyTransportFailure('too_large')).toEqual({
      ok: false,
      errorCode: 'answer_too_large',
      terminal: false,
    });
  });
});
