import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig, readProcessEnv } from '../../config';
import { dataSourceOptions } from '../data-source.options';

/**
 * For the TypeORM CLI (`npm run migration:generate --name=AddThing`): diffs the compiled entities
 * against DATABASE_URL, which must point at a migrated database.
 */
const config = loadConfig(readProcessEnv());
if (!config.database.url) throw new Error('migration:generate needs DATABASE_URL');

export default new DataSource({
  ...dataSourceOptions(config.database.url),
  entities: [path.join(__dirname, '..', '..', 'modules', '**', '*.entity.js')],
});
