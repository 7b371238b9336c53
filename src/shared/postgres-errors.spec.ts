import { isDatabaseUnavailable, isUniqueViolation } from './postgres-errors';

describe('isUniqueViolation', () => {
  it('recognises SQLSTATE 23505 on a pg error and on a TypeORM QueryFailedError', () => {
    expect(isUniqueViolation({ code: '23505' })).toBe(true);
    expect(isUniqueViolation({ driverError: { code: '23505' } })).toBe(true);
  });

  it('does not treat other errors as unique violations', () => {
    expect(isUniqueViolation({ code: '23503' })).toBe(false);
    expect(isUniqueViolation(new Error('duplicate'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });
});

describe('isDatabaseUnavailable', () => {
  it('recognises connection failures and admin shutdowns', () => {
    expect(isDatabaseUnavailable({ code: '57P01' })).toBe(true);
    expect(isDatabaseUnavailable({ code: '08006' })).toBe(true);
    expect(isDatabaseUnavailable(new Error('connect ECONNREFUSED 127.0.0.1:5432'))).toBe(true);
  });

  it('does not hide query bugs as outages', () => {
    expect(isDatabaseUnavailable({ code: '42601' })).toBe(false);
  });
});
