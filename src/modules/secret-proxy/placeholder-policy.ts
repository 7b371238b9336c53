/**
 * A placeholder's policy: which calls it may make at all (`allow`) and which of those wait for a
 * person's approval first (`approval`). Pure rules, compiled once when a placeholder is loaded, so
 * a warm proxied request pays a few string comparisons and no database round trip.
 *
 * Paths are matched on the proxied path after `/proxy/:provider`, without the query, one segment
 * at a time after percent-decoding (an upstream decodes `%2E` too, so `/chat%2EpostMessage` is
 * `/chat.postMessage`). A decoded segment that holds a slash (`a%2Fb`) is one segment that only
 * `**` matches: an upstream that splits it would see more segments than a `*` or a literal names.
 *
 * `allow` matches exactly (case, trailing slash and `;parameters` all count), so anything unusual
 * is refused. `approval` matches generously (case, `;parameters`, empty and trailing segments
 * ignored), so a spelling an upstream might treat as the same method is held rather than sent.
 */
export const POLICY_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** Approval covers every method but these unless the policy names its methods. */
export const READ_ONLY_METHODS = ['GET', 'HEAD', 'OPTIONS'];
export const DEFAULT_APPROVAL_TIMEOUT_SECONDS = 120;
export const MAX_APPROVAL_TIMEOUT_SECONDS = 900;
export const MAX_POLICY_RULES = 50;
export const MAX_PATH_PATTERN_LENGTH = 512;
const MAX_DOUBLE_STARS = 4;
const MAX_DECODING_ROUNDS = 4;

export interface AllowRule {
  methods: string[];
  path: string;
}

export interface ApprovalSettings {
  integrationId: string;
  connectionId: string;
  channel: string;
  approverUserId: string;
  /** Upper-case; the default (every method but GET/HEAD/OPTIONS) is written out at creation. */
  methods: string[];
  /** null: every path. */
  paths: string[] | null;
  timeoutSeconds: number;
}

export interface PlaceholderPolicy {
  allow: AllowRule[] | null;
  approval: ApprovalSettings | null;
}

/** Why a path pattern is refused, or null when it is a valid one. */
export function pathPatternProblem(pattern: string): string | null {
  if (!pattern.startsWith('/')) return 'must start with /';
  if (pattern.length > MAX_PATH_PATTERN_LENGTH)
    return `must be at most ${MAX_PATH_PATTERN_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f?#%\\]/.test(pattern))
    return 'must be a decoded path without a query, fragment, percent sign or backslash';
  if (pattern === '/') return null;
  const segments = pattern.slice(1).split('/');
  if (segments.some((segment) => segment === '')) return 'must not contain empty segments or end with /';
  if (segments.some((segment) => segment === '.' || segment === '..')) return 'must not contain . or ..';
  if (segments.some((segment) => segment.includes('*') && segment !== '*' && segment !== '**'))
    return 'may use * and ** only as whole segments';
  if (segments.filter((segment) => segment === '**').length > MAX_DOUBLE_STARS)
    return `may use ** at most ${MAX_DOUBLE_STARS} times`;
  return null;
}

/** Upper-cases and checks method names; null when one is not a method the proxy forwards. */
export function normaliseMethods(methods: string[]): string[] | null {
  const upper = [...new Set(methods.map((method) => method.toUpperCase()))];
  return upper.every((method) => (POLICY_METHODS as readonly string[]).includes(method)) ? upper : null;
}

type Matcher = (segments: string[]) => boolean;

/** A policy ready for the hot path. */
export class CompiledPolicy {
  private readonly allowRules: Array<{ methods: Set<string>; matches: Matcher }> | null;
  private readonly approvalMethods: Set<string> | null;
  private readonly approvalPaths: Matcher[] | null;

  constructor(readonly policy: PlaceholderPolicy) {
    this.allowRules =
      policy.allow?.map((rule) => ({
        methods: new Set(rule.methods.map((method) => method.toUpperCase())),
        matches: compilePattern(rule.path, false),
      })) ?? null;
    this.approvalMethods = policy.approval ? new Set(policy.approval.methods) : null;
    this.approvalPaths = policy.approval?.paths?.map((path) => compilePattern(path, true)) ?? null;
  }

  /** True when the policy has nothing to check (neither allow nor approval). */
  get isOpen(): boolean {
    return !this.allowRules && !this.approvalMethods;
  }

  /** No `allow`: every call. With it: a call that matches a rule's method and path. */
  allows(method: string, path: RequestPath): boolean {
    if (!this.allowRules) return true;
    const upper = method.toUpperCase();
    return this.allowRules.some((rule) => rule.methods.has(upper) && rule.matches(path.exact));
  }

  needsApproval(method: string, path: RequestPath): boolean {
    if (!this.approvalMethods?.has(method.toUpperCase())) return false;
    return !this.approvalPaths || this.approvalPaths.some((matches) => matches(path.lenient));
  }
}

/** A request path's segments as the two kinds of matcher see them. */
export interface RequestPath {
  exact: string[];
  lenient: string[];
}

/** `path` is the raw (still percent-encoded) path parseProxyPath accepted; '' is the API base itself. */
export function toRequestPath(path: string): RequestPath {
  const exact = (path === '' ? '/' : path).slice(1).split('/').map(decodeFully);
  const lenient = exact
    .map((segment) => segment.split(';')[0].toLowerCase())
    .filter((segment) => segment !== '');
  return { exact, lenient };
}

function compilePattern(pattern: string, lenient: boolean): Matcher {
  let segments = pattern === '/' ? [''] : pattern.slice(1).split('/');
  if (lenient)
    segments = segments.map((segment) => segment.toLowerCase()).filter((segment) => segment !== '');
  // consecutive ** mean the same as one
  segments = segments.filter((segment, index) => !(segment === '**' && segments[index - 1] === '**'));
  return (path) => matchFrom(segments, 0, path, 0);
}

function matchFrom(pattern: string[], p: number, path: string[], s: number): boolean {
  for (; p < pattern.length; p++, s++) {
    const expected = pattern[p];
    if (expected === '**') {
      for (let next = s; next <= path.length; next++) if (matchFrom(pattern, p + 1, path, next)) return true;
      return false;
    }
    if (s >= path.length) return false;
    const actual = path[s];
    if (expected === '*') {
      if (actual === '' || actual.includes('/') || actual.includes('\\')) return false;
    } else if (expected !== actual) return false;
  }
  return s === path.length;
}

/** Decoded as often as an upstream that decodes again would; a malformed escape stays literal. */
function decodeFully(segment: string): string {
  let current = segment;
  for (let round = 0; round < MAX_DECODING_ROUNDS && current.includes('%'); round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return current;
    }
    if (decoded === current) break;
    current = decoded;
  }
  return current;
}
