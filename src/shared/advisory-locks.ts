/**
 * Keys for pg_try_advisory_lock, one per singleton job, so that across replicas only one runs it.
 * Values are arbitrary but fixed; keep them unique.
 */
export const ADVISORY_LOCKS = {
  globalSweep: 7_301_001,
  deliveryOutbox: 7_301_002,
  proactiveRefresh: 7_301_003,
  /** held (blocking, session-level) while one process applies migrations; the others wait, then find none pending */
  migrations: 7_301_004,
} as const;
