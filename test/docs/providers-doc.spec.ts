import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDER_TEMPLATES } from '../../src/modules/oauth/catalog/catalog';
import { renderProvidersDoc } from '../../src/modules/oauth/catalog/providers-doc';

// `npm run docs:providers` runs this spec with UPDATE_PROVIDERS_DOC=1 to rewrite the committed page;
// without it, a catalog change that was not rendered into docs/providers.md fails here.
const DOC = path.resolve(__dirname, '..', '..', 'docs', 'providers.md');

describe('docs/providers.md', () => {
  const rendered = renderProvidersDoc();

  it('is the catalog rendered (run `npm run docs:providers` when it is not)', () => {
    if (process.env.UPDATE_PROVIDERS_DOC === '1') fs.writeFileSync(DOC, rendered);
    const committed = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '';
    expect(committed === rendered).toBe(true);
  });

  it('has one row per provider, with what plugboard does and a link to its docs', () => {
    const rows = rendered
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| Provider') && !line.startsWith('| ---'));
    expect(rows).toHaveLength(PROVIDER_TEMPLATES.length);
    for (const template of PROVIDER_TEMPLATES) {
      const row = rows.find((line) => line.includes(`| \`${template.template}\` |`));
      expect(row).toContain(`[docs](${template.docsUrl})`);
    }
    expect(rendered).toContain('Adds `access_type=offline` and `prompt=consent` to the authorization URL.');
    expect(rendered).toContain("The token answer's `instance_url` becomes that connection's API base");
    expect(rendered).toContain('Per-connection `{shop}`');
  });
});
