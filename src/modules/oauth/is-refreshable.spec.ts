import { isRefreshable } from './is-refreshable';

describe('isRefreshable', () => {
  it('is false for an authorization_code connection without a refresh token', () => {
    expect(isRefreshable('authorization_code', false)).toBe(false);
  });

  it('is true for an authorization_code connection holding a refresh token', () => {
    expect(isRefreshable('authorization_code', true)).toBe(true);
  });

  it('is true for client_credentials, which re-requests a token instead of refreshing', () => {
    expect(isRefreshable('client_credentials', false)).toBe(true);
  });
});
