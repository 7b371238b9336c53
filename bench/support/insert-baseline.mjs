// The engine baseline of the ingress benchmarks: what one durable accept is, done by PostgreSQL
// alone under pgbench — one row with a uuid primary key, a unique text key and a jsonb payload.

export const BASELINE_TABLE = `CREATE TABLE bench_inserts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  k text NOT NULL UNIQUE,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now())`;

/** pgbench's script: one INSERT of `payload` (JSON text without single quotes) under a new key. */
export function baselineInsertSql(payload) {
  return (
    `INSERT INTO bench_inserts (k, payload) VALUES (md5(random()::text || clock_timestamp()::text), ` +
    `'${payload}') ON CONFLICT (k) DO NOTHING;`
  );
}
