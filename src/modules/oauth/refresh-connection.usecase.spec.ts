import { ConnectionEntity } from './connection.entity';
import { blockedOrBackingOff } from './refresh-connection.usecase';

const NOW = Date.parse('2026-01-01T00:00:00Z');

function connection(patch: Partial<ConnectionEntity>): ConnectionEntity {
  return Object.assign(new ConnectionEntity(), {
    refreshBlockedUntil: null,
    refreshRetryAt: null,
    lastRefreshError: null,
    ...patch,
  });
}

describe('blockedOrBackingOff', () => {
  it('fails fast as terminal while the terminal-failure block holds', () => {
    const blocked = connection({
      refreshBlockedUntil: new Date(NOW + 1000),
      lastRefreshError: 'token_revoked',
    });
    expect(blockedOrBackingOff(blocked, NOW)).toEqual({
      ok: false,
      errorCode: 'token_revoked',
      terminal: true,
      retryAt: null,
    });
  });

  it('fails fast as transient, carrying the retry time, inside the backoff window', () => {
    const retryAt = new Date(NOW + 30_000);
    expect(
      blockedOrBackingOff(connection({ refreshRetryAt: retryAt, lastRefreshError: 'http_503' }), NOW),
    ).toEqual({
      ok: false,
      errorCode: 'http_503',
      terminal: false,
      retryAt,
    });
  });

  it('lets a refresh through once the block or the backoff has passed', () => {
    expect(blockedOrBackingOff(connection({ refreshBlockedUntil: new Date(NOW - 1) }), NOW)).toBeNull();
    expect(blockedOrBackingOff(connection({ refreshRetryAt: new Date(NOW - 1) }), NOW)).toBeNull();
  });
});
