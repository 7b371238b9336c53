import {
  deliveryDispositionFor,
  INTEGRATION_STATUSES,
  statusAfterCredentialInvalidated,
  statusAfterReauth,
  statusesMovedBy,
} from './integration-status.rules';

describe('statusAfterCredentialInvalidated', () => {
  it.each([
    ['ENABLED', 'ERROR'],
    ['NEEDS_CONFIG', 'ERROR'],
    ['PROCESSING', 'ERROR'],
  ] as const)('moves %s to %s', (from, to) => {
    expect(statusAfterCredentialInvalidated(from)).toBe(to);
  });

  it('keeps DISABLED, the user’s choice, and leaves ERROR as it is', () => {
    expect(statusAfterCredentialInvalidated('DISABLED')).toBeNull();
    expect(statusAfterCredentialInvalidated('ERROR')).toBeNull();
  });
});

describe('statusAfterReauth', () => {
  it('restores ERROR and DISABLED to ENABLED', () => {
    expect(statusAfterReauth('ERROR')).toBe('ENABLED');
    expect(statusAfterReauth('DISABLED')).toBe('ENABLED');
  });

  it('never touches PROCESSING, NEEDS_CONFIG or ENABLED', () => {
    expect(statusAfterReauth('PROCESSING')).toBeNull();
    expect(statusAfterReauth('NEEDS_CONFIG')).toBeNull();
    expect(statusAfterReauth('ENABLED')).toBeNull();
  });
});

describe('statusesMovedBy', () => {
  it('lists exactly the statuses a rule changes', () => {
    expect(statusesMovedBy(statusAfterReauth).sort()).toEqual(['DISABLED', 'ERROR']);
    expect(statusesMovedBy(statusAfterCredentialInvalidated).sort()).toEqual([
      'ENABLED',
      'NEEDS_CONFIG',
      'PROCESSING',
    ]);
    expect(INTEGRATION_STATUSES).toHaveLength(5);
  });
});

describe('deliveryDispositionFor', () => {
  it('discards for DISABLED whatever onError says', () => {
    expect(deliveryDispositionFor('DISABLED', 'park')).toBe('discard');
    expect(deliveryDispositionFor('DISABLED', 'discard')).toBe('discard');
  });

  it('parks for ERROR and NEEDS_CONFIG unless onError is discard', () => {
    expect(deliveryDispositionFor('ERROR', 'park')).toBe('park');
    expect(deliveryDispositionFor('NEEDS_CONFIG', 'park')).toBe('park');
    expect(deliveryDispositionFor('ERROR', 'discard')).toBe('discard');
  });

  it('delivers for ENABLED and PROCESSING', () => {
    expect(deliveryDispositionFor('ENABLED', 'park')).toBe('deliver');
    expect(deliveryDispositionFor('PROCESSING', 'discard')).toBe('deliver');
  });
});
