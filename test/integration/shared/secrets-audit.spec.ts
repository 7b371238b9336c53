import { LogCapture } from '../../support/app';
import { assertNoSecretLeaks, auditResponse, registerRequestSecrets } from '../../support/secrets-audit';

describe('secrets audit (test harness)', () => {
  it('fails on a log line that contains a secret a test sent', () => {
    registerRequestSecrets({ provider: { clientSecret: 'cs_live_0123456789' } });
    const logs = new LogCapture();
    logs.write('{"msg":"exchanging code with cs_live_0123456789"}\n');
    expect(() => assertNoSecretLeaks()).toThrow(/secrets audit: log line contains cs_liv/);
  });

  it('fails on a later response that echoes a one-time secret, but not on its creation response', () => {
    auditResponse('/v1/orgs/x/api-keys', '{"key":"pbk_onetime_secret_value"}', {
      key: 'pbk_onetime_secret_value',
    });
    expect(() => assertNoSecretLeaks()).not.toThrow();
    auditResponse('/v1/orgs/x', '{"debug":"pbk_onetime_secret_value"}', {});
    expect(() => assertNoSecretLeaks()).toThrow(/response of \/v1\/orgs\/x/);
  });
});
