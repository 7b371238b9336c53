import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Providers for remote MCP servers: the RFC 8707 resource their authorization server binds tokens
 * to, and public clients (a Client ID Metadata Document, or a registration without a secret).
 */
export class McpProviders1765300000001 implements MigrationInterface {
  name = 'McpProviders1765300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE oauth_providers ADD COLUMN resource_indicator text`);
    await queryRunner.query(
      `ALTER TABLE oauth_providers DROP CONSTRAINT oauth_providers_token_auth_method_check`,
    );
    await queryRunner.query(`
      ALTER TABLE oauth_providers ADD CONSTRAINT oauth_providers_token_auth_method_check
        CHECK (token_auth_method IN ('client_secret_post', 'client_secret_basic', 'none'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE oauth_providers DROP CONSTRAINT oauth_providers_token_auth_method_check`,
    );
    await queryRunner.query(`
      ALTER TABLE oauth_providers ADD CONSTRAINT oauth_providers_token_auth_method_check
        CHECK (token_auth_method IN ('client_secret_post', 'client_secret_basic'))`);
    await queryRunner.query(`ALTER TABLE oauth_providers DROP COLUMN resource_indicator`);
  }
}
