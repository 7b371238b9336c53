import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Providers created from a catalog template, and the per-connection values their URLs need.
 * Existing rows keep working unchanged: every new column is nullable, and a provider without a
 * template behaves exactly as before.
 */
export class ProviderCatalog1765300000000 implements MigrationInterface {
  name = 'ProviderCatalog1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // `template` selects the quirks (read from the catalog in code at run time)
    await queryRunner.query(`ALTER TABLE oauth_providers ADD COLUMN template text`);
    // `params` fill the provider's {name} URL parameters; `api_base_url` is the connection's own
    // upstream when the token answer names one (Salesforce instance_url)
    await queryRunner.query(`
      ALTER TABLE oauth_connections
        ADD COLUMN params jsonb,
        ADD COLUMN api_base_url text`);
    await queryRunner.query(`ALTER TABLE oauth_states ADD COLUMN params jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE oauth_states DROP COLUMN params`);
    await queryRunner.query(`ALTER TABLE oauth_connections DROP COLUMN params, DROP COLUMN api_base_url`);
    await queryRunner.query(`ALTER TABLE oauth_providers DROP COLUMN template`);
  }
}
