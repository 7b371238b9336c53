import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPOSITORY_ROOT } from '../support/repository-files';

const ESLINT = path.join(REPOSITORY_ROOT, 'node_modules', '.bin', 'eslint');

/** Lints `code` as if it were the file at `file` (never written), and returns ESLint's messages. */
function lint(file: string, code: string): { ruleId: string | null; message: string }[] {
  const result = spawnSync(ESLINT, ['--format', 'json', '--stdin', '--stdin-filename', file], {
    cwd: REPOSITORY_ROOT,
    input: code,
    encoding: 'utf8',
  });
  const [report] = JSON.parse(result.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return report.messages;
}

// The same rule as dependency-cruiser's modules-only-through-index, in ESLint so editors show it.
describe('ESLint door rule', () => {
  jest.setTimeout(60_000);

  it('fails a deep import into another module, from a module file and from a subfolder', () => {
    const fromModule = lint(
      'src/modules/oauth/door-fixture.ts',
      "import { DeliveriesRepository } from '../ingress/deliveries.repository';\nexport const used = DeliveriesRepository;\n",
    );
    expect(fromModule.map((message) => message.ruleId)).toEqual(['no-restricted-imports']);
    expect(fromModule[0].message).toContain('through its index.ts');

    const fromSubfolder = lint(
      'src/modules/oauth/dto/door-fixture.ts',
      "import { DeliveryResponseDto } from '../../ingress/dto/delivery.response.dto';\nexport const used = DeliveryResponseDto;\n",
    );
    expect(fromSubfolder.map((message) => message.ruleId)).toEqual(['no-restricted-imports']);
  });

  it('allows another module through its index.ts and any file of the own module', () => {
    expect(
      lint(
        'src/modules/oauth/dto/door-fixture.ts',
        "import { IngressModule } from '../../ingress';\nimport { ProviderEntity } from '../provider.entity';\nimport { AppConfig } from '../../../config';\nexport const used = [IngressModule, ProviderEntity, AppConfig];\n",
      ),
    ).toEqual([]);
    expect(
      lint(
        'src/modules/oauth/door-fixture.ts',
        "import { IngressModule } from '../ingress/index';\nimport { isRefreshable } from './is-refreshable';\nexport const used = [IngressModule, isRefreshable];\n",
      ),
    ).toEqual([]);
  });

  it('fails an import of a module from shared/, config/ or database/', () => {
    for (const file of [
      'src/shared/door-fixture.ts',
      'src/config/door-fixture.ts',
      'src/database/door-fixture.ts',
    ]) {
      const messages = lint(
        file,
        "import { IngressModule } from '../modules/ingress';\nexport const used = IngressModule;\n",
      );
      expect(messages.map((message) => message.ruleId)).toEqual(['no-restricted-imports']);
    }
  });
});
