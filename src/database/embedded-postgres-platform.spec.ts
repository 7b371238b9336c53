import {
  assertEmbeddedPostgresPlatform,
  EmbeddedPostgresUnsupportedError,
  isProcessRunning,
  postgresUserPlan,
} from './embedded-postgres-platform';

describe('assertEmbeddedPostgresPlatform', () => {
  it('accepts Linux and macOS', () => {
    expect(() => assertEmbeddedPostgresPlatform('linux')).not.toThrow();
    expect(() => assertEmbeddedPostgresPlatform('darwin')).not.toThrow();
  });

  it('refuses any other platform with one line naming it and the way out', () => {
    expect(() => assertEmbeddedPostgresPlatform('win32')).toThrow(EmbeddedPostgresUnsupportedError);
    expect(() => assertEmbeddedPostgresPlatform('win32')).toThrow(
      /^embedded PostgreSQL is not supported on win32 \(only Linux and macOS\): set DATABASE_URL/,
    );
  });
});

describe('postgresUserPlan (running as root)', () => {
  it('uses an existing postgres user on Linux and on macOS', () => {
    expect(postgresUserPlan('linux', { userExists: true, hasUseradd: false })).toBe('use-existing');
    expect(postgresUserPlan('darwin', { userExists: true, hasUseradd: false })).toBe('use-existing');
  });

  it('creates the user with useradd on Linux only', () => {
    expect(postgresUserPlan('linux', { userExists: false, hasUseradd: true })).toBe('create-with-useradd');
    expect(() => postgresUserPlan('darwin', { userExists: false, hasUseradd: true })).toThrow(
      'embedded PostgreSQL cannot run as root on darwin',
    );
  });

  it('refuses Linux without useradd, naming it', () => {
    expect(() => postgresUserPlan('linux', { userExists: false, hasUseradd: false })).toThrow(
      /cannot run as root on linux: .*useradd is not installed/,
    );
  });

  it('says it all in one line', () => {
    expect(() => postgresUserPlan('darwin', { userExists: false, hasUseradd: false })).toThrow(/^[^\n]+$/);
  });
});

describe('isProcessRunning', () => {
  it('is true for this process and false for a pid no process has', () => {
    expect(isProcessRunning(process.pid)).toBe(true);
    // the kernel never hands out a pid this high (pid_max is at most 2^22 on Linux, 99999 on macOS)
    expect(isProcessRunning(2 ** 30)).toBe(false);
  });
});
