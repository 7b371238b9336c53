import { readRepositoryFile } from '../support/repository-files';

// docs/api.md is the contract in prose; docs/openapi.json is the contract the code generates (and
// test/e2e/openapi-document.e2e-spec.ts keeps it current). This keeps the prose naming the same routes.
const document = JSON.parse(readRepositoryFile('docs/openapi.json')) as { paths: Record<string, unknown> };
const prose = readRepositoryFile('docs/api.md');

/** `/v1/orgs/{orgId}/providers/{id}` → `/v1/orgs/:orgId/providers/:id`; the proxy's `{path}` → `<path>`. */
function spelled(openApiPath: string): string {
  return openApiPath.replace('{path}', '<path>').replace(/\{(\w+)\}/g, ':$1');
}

/** The route as written in full, or abbreviated as `…/<tail>` with a tail of at least two segments. */
function isNamed(route: string): boolean {
  const forms = [route, route.replace(/\/<path>$/, '[/<path>]'), route.replace(/\/:id$/, '[/:id]')];
  if (forms.some((form) => prose.includes(form))) return true;
  const segments = route.split('/').filter(Boolean);
  for (let start = 1; start <= segments.length - 2; start += 1) {
    const tail = segments.slice(start).join('/');
    if (segments[start].startsWith(':')) continue;
    if (prose.includes(`…/${tail}`) || prose.includes(`…/${tail.replace(/\/:id$/, '[/:id]')}`)) return true;
  }
  return false;
}

/** Full routes the prose names, with `[/:id]` and `[/<path>]` read both ways and queries dropped. */
function routesInProse(): string[] {
  const routes = [...prose.matchAll(/(\/(?:v1|oauth|health|ingress|proxy)\/[^\s`?,)]*|\/metrics\b)/g)].map(
    (match) => match[1],
  );
  return routes.flatMap((route) => {
    const optional = /\[(\/[^\]]+)\]$/.exec(route);
    return optional
      ? [route.slice(0, optional.index), route.slice(0, optional.index) + optional[1]]
      : [route];
  });
}

describe('docs/api.md', () => {
  const documented = Object.keys(document.paths).map(spelled);

  it('names every route of the OpenAPI document', () => {
    expect(documented.filter((route) => !isNamed(route))).toEqual([]);
  });

  it('names no route the OpenAPI document lacks', () => {
    const known = new Set(documented);
    expect(routesInProse().filter((route) => !known.has(route))).toEqual([]);
  });
});
