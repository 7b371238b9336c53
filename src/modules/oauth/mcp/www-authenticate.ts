/**
 * The parameters of the Bearer challenge in a WWW-Authenticate header (RFC 6750 §3, RFC 9728 §5.1):
 * `resource_metadata` points at the protected resource's metadata, `scope` names what it wants.
 * Several challenges may share one header (`DPoP …, Bearer …`); only Bearer's are read. Values are
 * tokens or quoted strings with backslash escapes. Null when there is no Bearer challenge.
 */
export function parseBearerChallenge(header: string | string[] | undefined): Record<string, string> | null {
  const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
  const pattern =
    /\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?:\s+|\s*$|\s*,)|\s*([A-Za-z0-9_.-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]*)\s*,?/y;
  let scheme: string | null = null;
  let bearer: Record<string, string> | null = null;
  let index = 0;
  while (index < text.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match || match[0].length === 0) break;
    index = pattern.lastIndex;
    if (match[1] !== undefined) {
      // a new challenge starts: a scheme name not followed by "="
      scheme = match[1].toLowerCase();
      if (scheme === 'bearer' && bearer === null) bearer = {};
      continue;
    }
    if (scheme !== 'bearer' || bearer === null) continue;
    const name = match[2].toLowerCase();
    const raw = match[3];
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    if (!(name in bearer)) bearer[name] = value;
  }
  return bearer;
}
