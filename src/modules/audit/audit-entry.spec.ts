import { auditEntryId, toAuditPath } from './audit-entry';

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

describe('auditEntryId', () => {
  it('is a version-7 UUID that sorts by its time', () => {
    const earlier = auditEntryId(Date.parse('2026-12-06T01:00:00.000Z'));
    const later = auditEntryId(Date.parse('2026-12-06T01:00:00.001Z'));
    expect(earlier).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(earlier < later).toBe(true);
    expect(auditEntryId(0)).not.toBe(auditEntryId(0));
  });
});
