import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SDK = path.join(ROOT, 'sdk');

describe('the @plugboard/sdk package', () => {
  it('is generated from the committed docs/openapi.json (run `npm run sdk:generate` when it is not)', () => {
    const check = spawnSync(process.execPath, [path.join(SDK, 'scripts', 'generate.mjs'), '--check'], {
      encoding: 'utf8',
    });
    if (check.status !== 0) console.warn(check.stderr);
    expect(check.status).toBe(0);
  });

  it('has one typed method per operation a key holder calls, named by operationId', () => {
    const document = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs', 'openapi.json'), 'utf8'));
    const generated = fs.readFileSync(path.join(SDK, 'src', 'generated', 'operations.ts'), 'utf8');
    for (const item of Object.values(document.paths) as Record<string, any>[]) {
      for (const operation of Object.values(item)) {
        const schemes = (operation.security ?? []).flatMap((requirement: object) => Object.keys(requirement));
        if (!schemes.includes('orgKey') && !schemes.includes('operatorKey')) continue;
        expect(generated).toContain(`  ${operation.operationId}(input`);
      }
    }
  });

  it('packs for publishing: built JavaScript, declarations, README and metadata, no sources or tests', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(SDK, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: '@plugboard/sdk',
      license: 'Apache-2.0',
      main: './dist/index.js',
      types: './dist/index.d.ts',
      publishConfig: { access: 'public' },
    });
    expect(manifest.private).toBeUndefined();
    for (const version of Object.values(manifest.dependencies as Record<string, string>)) {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    }
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: SDK,
      encoding: 'utf8',
    });
    expect(packed.status).toBe(0);
    const files = (JSON.parse(packed.stdout)[0].files as { path: string }[]).map((file) => file.path);
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts']),
    );
    expect(files.filter((file) => !/^(package\.json|README\.md|dist\/)/.test(file))).toEqual([]);
  });
});
