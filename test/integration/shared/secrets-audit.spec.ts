import { LogCapture } from '../../support/app';
import {
  assertNoSecretLeaks,
  auditResponse,
  auditStoredRow,
  registerRequestSecrets,
} from '../../support/secrets-audit';

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

  it('fails on an audit entry that holds a registered secret or anything shaped like a placeholder', () => {
    registerRequestSecrets({ tokens: { accessToken: 'xoxb-audit-secret-0123' } });
    auditStoredRow('audit_entries', { id: 'a', path: '/proxy/slack/ok', code: null });
    expect(() => assertNoSecretLeaks()).not.toThrow();
    auditStoredRow('audit_entries', { id: 'b', path: '/proxy/slack/xoxb-audit-secret-0123' });
    expect(() => assertNoSecretLeaks()).toThrow(/audit_entries row b holds xoxb-a/);
    auditStoredRow('audit_entries', { id: 'c', path: '/x/pb_secret_0b5d3c1e-1a2b-4c3d-8e9f-001122334455' });
    expect(() => assertNoSecretLeaks()).toThrow(/audit_entries row c holds pb_secret_/);
  });
});
