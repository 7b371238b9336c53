import { AppConfig } from '../../config';
import { WorkerResolutionCache } from './worker-resolution.cache';

function cacheWith(resolutionCacheMs: number): WorkerResolutionCache {
  return new WorkerResolutionCache({ secretProxy: { resolutionCacheMs } } as AppConfig);
}

const principal = { orgId: 'org-1', agentId: 'agent-1', tokenId: 'token-1' };
const inAnHour = new Date(Date.now() + 3600_000);

describe('WorkerResolutionCache', () => {
  afterEach(() => jest.useRealTimers());

  it('stores nothing when off', () => {
    const cache = cacheWith(0);
    cache.rememberPrincipal('hash', principal, inAnHour);
    expect(cache.principal('hash')).toBeUndefined();
  });

  it('serves an entry for at most the TTL', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const cache = cacheWith(2000);
    cache.rememberPrincipal('hash', principal, inAnHour);
    jest.setSystemTime(1_001_999);
    expect(cache.principal('hash')).toEqual(principal);
    jest.setSystemTime(1_002_000);
    expect(cache.principal('hash')).toBeUndefined();
  });

  it("never serves an entry past the token's own expiry", () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const cache = cacheWith(5000);
    cache.rememberPrincipal('hash', principal, new Date(1_000_500));
    jest.setSystemTime(1_000_500);
    expect(cache.principal('hash')).toBeUndefined();
  });

  it("forgets an agent's principals and placeholders and keeps other agents'", () => {
    const cache = cacheWith(5000);
    const binding = { orgId: 'org-1', agentId: 'agent-1', connectionId: 'c', expiresAt: inAnHour };
    cache.rememberPrincipal('hash-1', principal, inAnHour);
    cache.rememberPrincipal('hash-2', { ...principal, agentId: 'agent-2' }, inAnHour);
    cache.rememberPlaceholder('org-1', 'agent-1', 'p', binding, inAnHour);
    cache.forgetAgent('agent-1');
    expect(cache.principal('hash-1')).toBeUndefined();
    expect(cache.placeholder('org-1', 'agent-1', 'p')).toBeUndefined();
    expect(cache.principal('hash-2')).toEqual({ ...principal, agentId: 'agent-2' });
  });
});
