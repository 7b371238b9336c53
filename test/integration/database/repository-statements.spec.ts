import * as path from 'node:path';
import { Client } from 'pg';
import { readRepositoryFile, REPOSITORY_ROOT, repositoryFiles } from '../../support/repository-files';
import { testState } from '../../support/test-state';

/**
 * Every repository is written in the one style (docs/contributing.md "Repositories"): it exports its
 * statements as `<noun>Statements`, and every statement is prepared here against the migrated schema, so a misspelt
 * column, a wrong type or a migration that drops something a statement uses fails this test instead of
 * a request. PREPARE parses, resolves every name and infers every parameter type without running it.
 */

type Statements = Record<string, string>;
type SweepTargets = Record<string, { table: string; where: string; key?: string }>;

function exportsEndingWith<T>(file: string, suffix: string): Record<string, T> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(path.join(REPOSITORY_ROOT, file)) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(exported).filter(
      (entry): entry is [string, T] => entry[0].endsWith(suffix) && typeof entry[1] === 'object',
    ),
  );
}

const statementsOf = (file: string) => exportsEndingWith<Statements>(file, 'Statements');

/**
 * The other ways TypeORM offers to reach the database, as a repository or module would write them: entity
 * registration, TypeORM repositories and their finders, an EntityManager's finders, the QueryBuilder.
 */
const OTHER_STYLE =
  /\b(?:TypeOrmModule\.forFeature|InjectRepository|getRepository|createQueryBuilder)\b|\b(?:this\.\w+|manager)\.(?:find\w*|count\w*|save|insert|update|delete|exist\w*)\(/;

describe('repository statements', () => {
  const repositories = repositoryFiles('src/modules').filter((file) => file.endsWith('.repository.ts'));
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: testState().databaseUrl });
    await client.connect();
  });
  afterAll(() => client.end());

  it('are exported by every repository', () => {
    const missing = repositories.filter((file) => Object.keys(statementsOf(file)).length === 0);
    expect(missing).toEqual([]);
    expect(repositories.length).toBeGreaterThan(0);
  });

  it('reach the database only through their statements: no entity registration, TypeORM repository or QueryBuilder', () => {
    const files = repositoryFiles('src/modules').filter(
      (file) => file.endsWith('.repository.ts') || file.endsWith('.module.ts'),
    );
    const offending = files.filter((file) => OTHER_STYLE.test(readRepositoryFile(file)));
    expect(offending).toEqual([]);
    expect(files.length).toBeGreaterThan(repositories.length);
  });

  it('recognise every form of the other style, and not the statements or an array method', () => {
    for (const other of [
      'TypeOrmModule.forFeature([AgentEntity])',
      '@InjectRepository(AgentEntity) private readonly agents',
      "this.agents.createQueryBuilder('agent')",
      'await this.agents.findOneBy({ id })',
      'await this.agents.countBy({ id })',
      'this.tokens.save(this.tokens.create(row))',
      'await this.tokens.delete({ id, organizationId })',
      'await manager.delete(AgentEntity, { id })',
    ])
      expect({ other, found: OTHER_STYLE.test(other) }).toEqual({ other, found: true });
    for (const fine of [
      'await this.dataSource.query(agentStatements.insert, [id])',
      'await manager.query(agentStatements.deleteForOrg, [id, orgId])',
      'rows.find((row) => row.id)',
    ])
      expect({ fine, found: OTHER_STYLE.test(fine) }).toEqual({ fine, found: false });
  });

  async function prepares(text: string): Promise<string | null> {
    try {
      await client.query(`PREPARE repository_statement AS ${text}`);
      await client.query('DEALLOCATE repository_statement');
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }

  it('define sweep targets whose condition prepares against the migrated schema', async () => {
    const failures: string[] = [];
    let prepared = 0;
    for (const file of repositories) {
      for (const [group, targets] of Object.entries(exportsEndingWith<SweepTargets>(file, 'SweepTargets'))) {
        for (const [name, target] of Object.entries(targets)) {
          const failure = await prepares(
            `SELECT ${target.key ?? 'id'} FROM ${target.table} WHERE ${target.where}`,
          );
          if (failure) failures.push(`${group}.${name}: ${failure}`);
          else prepared += 1;
        }
      }
    }
    expect(failures).toEqual([]);
    expect(prepared).toBeGreaterThanOrEqual(3);
  });

  it('all prepare against the migrated schema', async () => {
    const failures: string[] = [];
    let prepared = 0;
    for (const file of repositories) {
      for (const [group, statements] of Object.entries(statementsOf(file))) {
        for (const [name, text] of Object.entries(statements)) {
          const failure = await prepares(text);
          if (failure) failures.push(`${group}.${name}: ${failure}`);
          else prepared += 1;
        }
      }
    }
    expect(failures).toEqual([]);
    expect(prepared).toBeGreaterThan(0);
  });
});
