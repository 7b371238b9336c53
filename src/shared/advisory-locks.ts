/**
 * Every PostgreSQL advisory-lock key plugboard takes, in one place so two jobs can never share a key by
 * accident (a shared key would make one job silently skip its run whenever the other holds it).
 * Values are arbitrary but fixed: a replica of the previous release takes the same key during a
 * rolling upgrade, so changing one lets two replicas run the job at once. Keep them unique.
 */
export const ADVISORY_LOCKS = {
  /** session-level, on a dedicated connection, for the whole global sweep */
  globalSweep: 7_301_001,
  /** transaction-level (pg_try_advisory_xact_lock): one replica claims the outbox batch */
  deliveryOutbox: 7_004_400_001,
  /** transaction-level (pg_try_advisory_xact_lock): one replica picks the proactive-refresh batch */
  proactiveRefresh: 0x0a07_4e3f,
  /** held (blocking, session-level) while one process applies migrations; the others wait, then find none pending */
  migrations: 7_301_004,
} as const;
