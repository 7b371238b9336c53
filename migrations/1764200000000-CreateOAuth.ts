import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOAuth1764200000000 implements MigrationInterface {
  name = 'CreateOAuth1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE oauth_providers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        key text NOT NULL,
        authorize_url text,
        token_url text NOT NULL,
        client_id text NOT NULL,
        client_secret_encrypted text,
        scopes text[] NOT NULL DEFAULT '{}',
        grant_type text NOT NULL CHECK (grant_type IN ('authorization_code', 'client_credentials')),
        token_auth_method text NOT NULL CHECK (token_auth_method IN ('client_secret_post', 'client_secret_basic')),
        use_pkce boolean NOT NULL,
        api_base_url text,
        error_style text NOT NULL CHECK (error_style IN ('standard', 'slack')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX oauth_providers_org_key ON oauth_providers (organization_id, key)`,
    );
    await queryRunner.query(
      `CREATE INDEX oauth_providers_org_created ON oauth_providers (organization_id, created_at DESC, id DESC)`,
    );

    await queryRunner.query(`
      CREATE TABLE oauth_connections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        provider_id uuid NOT NULL REFERENCES oauth_providers(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'INVALID')),
        external_account_id text,
        access_token_encrypted text NOT NULL,
        refresh_token_encrypted text,
        scope text,
        expires_at timestamptz,
        is_refreshable boolean NOT NULL,
        token_version integer NOT NULL DEFAULT 1,
        last_refresh_error text,
        refresh_blocked_until timestamptz,
        refresh_retry_at timestamptz,
        refresh_failure_count integer NOT NULL DEFAULT 0,
        refresh_lease_owner text,
        refresh_lease_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX oauth_connections_org_created ON oauth_connections (organization_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX oauth_connections_provider ON oauth_connections (provider_id)`);
    // the proactive refresh job scans ACTIVE, refreshable connections by expiry
    await queryRunner.query(
      `CREATE INDEX oauth_connections_due ON oauth_connections (expires_at) WHERE status = 'ACTIVE' AND is_refreshable`,
    );

    await queryRunner.query(`
      CREATE TABLE oauth_states (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        state_hash text NOT NULL,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        provider_id uuid NOT NULL REFERENCES oauth_providers(id) ON DELETE CASCADE,
        connection_id uuid REFERENCES oauth_connections(id) ON DELETE CASCADE,
        code_verifier_encrypted text,
        redirect_uri text NOT NULL,
        return_url text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX oauth_states_state_hash ON oauth_states (state_hash)`);
    await queryRunner.query(`CREATE INDEX oauth_states_expires_at ON oauth_states (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE oauth_states`);
    await queryRunner.query(`DROP TABLE oauth_connections`);
    await queryRunner.query(`DROP TABLE oauth_providers`);
  }
}
