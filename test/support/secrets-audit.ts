/**
 * The secrets audit runs inside every e2e/integration test: each secret a test sends or
 * receives once is registered here, and every later API response and every log line the app writes
 * is searched for all registered secrets. A hit fails the test that caused it.
 */
const secrets = new Set<string>();
const leaks: string[] = [];

/** Request fields that carry secrets plugboard must never echo back or log. */
const SECRET_REQUEST_FIELDS = new Set([
  'clientSecret',
  'accessToken',
  'refreshToken',
  'secret',
  'password',
  'token',
]);
/** Response fields that show a secret exactly once, at creation (`key` is also a provider's plain slug, hence the prefix). */
const ONE_TIME_RESPONSE_FIELDS = new Set(['key', 'deliverySecret', 'token']);
const ONE_TIME_SECRET = /^(pbk_|pba_|pbw_|whsec_)/;
/** Routes whose purpose is to hand out a secret (the access token). */
const SECRET_BEARING_ROUTES = [/\/connections\/[^/]+\/access-token$/];

export function registerSecret(value: unknown): void {
  if (typeof value === 'string' && value.length >= 8) secrets.add(value);
}

function collect(value: unknown, fields: Set<string>, into: (secret: unknown) => void, depth = 0): void {
  if (!value || typeof value !== 'object' || depth > 6) return;
  for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
    if (fields.has(name)) into(inner);
    collect(inner, fields, into, depth + 1);
  }
}

export function registerRequestSecrets(body: unknown): void {
  collect(body, SECRET_REQUEST_FIELDS, registerSecret);
}

export function registerResponseSecrets(body: unknown): void {
  collect(body, ONE_TIME_RESPONSE_FIELDS, (value) => {
    if (typeof value === 'string' && ONE_TIME_SECRET.test(value)) registerSecret(value);
  });
}

export function findLeaks(text: string): string[] {
  const found: string[] = [];
  for (const secret of secrets) if (text.includes(secret)) found.push(`${secret.slice(0, 6)}…`);
  return found;
}

/** Check a response against the secrets known before it was sent, then learn its one-time secrets. */
export function auditResponse(path: string, text: string, body: unknown): void {
  if (!SECRET_BEARING_ROUTES.some((route) => route.test(path.split('?')[0]))) {
    const found = findLeaks(text);
    if (found.length > 0) leaks.push(`response of ${path} contains ${found.join(', ')}`);
  }
  registerResponseSecrets(body);
}

/** plugboard's own secret formats, caught in a stored row even when no test registered the value. */
const SECRET_FORMATS =
  /pb_secret_[0-9a-f]{8}-[0-9a-f]{4}|pbw_[A-Za-z0-9_-]{43}|pbk_[A-Za-z0-9_-]{20}|pba_[A-Za-z0-9_-]{20}|whsec_[A-Za-z0-9+/=]{16}/;

/** A row of a table that must never hold a secret (the audit ledger): any registered secret or secret-shaped value is a leak. */
export function auditStoredRow(table: string, row: Record<string, unknown>): void {
  const text = JSON.stringify(row);
  const found = findLeaks(text);
  const shaped = SECRET_FORMATS.exec(text);
  if (shaped) found.push(`${shaped[0].slice(0, 10)}…`);
  if (found.length > 0) leaks.push(`${table} row ${String(row.id)} holds ${found.join(', ')}`);
}

export function auditLogLine(line: string): void {
  const found = findLeaks(line);
  if (found.length > 0) leaks.push(`log line contains ${found.join(', ')}: ${line.slice(0, 200)}`);
}

/** Throws (failing the current test or hook) when anything leaked since the last call. */
export function assertNoSecretLeaks(): void {
  if (leaks.length === 0) return;
  const report = leaks.splice(0).join('\n');
  throw new Error(`secrets audit: ${report}`);
}
