import { toAuditPath } from './audit-entry';

describe('toAuditPath', () => {
  it('drops the query and the fragment', () => {
    expect(toAuditPath('/proxy/slack/conversations.history?channel=C1&token=abc#top')).toBe(
      '/proxy/slack/conversations.history',
    );
  });

  it('cuts a placeholder or token written into the path to its prefix', () => {
    expect(
      toAuditPath('/proxy/x/pb_secret_0b5d3c1e-1a2b-4c3d-8e9f-001122334455/pbw_abcDEF123_-xyz/pbk_k1?q=1'),
    ).toBe('/proxy/x/pb_secret_…/pbw_…/pbk_…');
  });

  it('keeps at most 512 characters', () => {
    expect(toAuditPath(`/proxy/x/${'a'.repeat(1000)}`)).toHaveLength(512);
  });
});
