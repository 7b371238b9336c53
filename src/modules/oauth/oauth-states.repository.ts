import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { returningRows } from '../../database';
import { SweepTarget } from '../../shared/sweep-targets';

export interface NewOAuthState {
  /** Chosen by the caller: the code verifier is sealed for this row. */
  id: string;
  stateHash: string;
  organizationId: string;
  providerId: string;
  connectionId: string | null;
  codeVerifierEncrypted: string | null;
  redirectUri: string;
  returnUrl: string | null;
  params: Record<string, string> | null;
  expiresAt: Date;
}

export interface ConsumedOAuthState {
  id: string;
  organizationId: string;
  providerId: string;
  connectionId: string | null;
  codeVerifierEncrypted: string | null;
  redirectUri: string;
  returnUrl: string | null;
  params: Record<string, string> | null;
}

interface ConsumedRow {
  id: string;
  organization_id: string;
  provider_id: string;
  connection_id: string | null;
  code_verifier_encrypted: string | null;
  redirect_uri: string;
  return_url: string | null;
  params: Record<string, string> | null;
}

/** Every statement of this repository; `test/integration/database/repository-statements.spec.ts` prepares each. */
export const oauthStateStatements = {
  insert: `INSERT INTO oauth_states (id, state_hash, organization_id, provider_id, connection_id,
             code_verifier_encrypted, redirect_uri, return_url, params, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
  // single use in one statement: of two concurrent callbacks with the same state exactly one gets the row
  consume: `UPDATE oauth_states SET used_at = now()
             WHERE state_hash = $1 AND used_at IS NULL AND expires_at > now()
             RETURNING id, organization_id, provider_id, connection_id, code_verifier_encrypted, redirect_uri,
                       return_url, params`,
} as const;

/** What the global sweep deletes: a state is single-use and lives 10 minutes, so used or expired it is done. */
export const oauthStateSweepTargets = {
  oauthStates: {
    name: 'oauthStates',
    table: 'oauth_states',
    where: 'used_at IS NOT NULL OR expires_at < now()',
  },
} satisfies Record<string, SweepTarget>;

function toConsumedState(row: ConsumedRow): ConsumedOAuthState {
  return {
    id: row.id,
    organizationId: row.organization_id,
    providerId: row.provider_id,
    connectionId: row.connection_id,
    codeVerifierEncrypted: row.code_verifier_encrypted,
    redirectUri: row.redirect_uri,
    returnUrl: row.return_url,
    params: row.params,
  };
}

@Injectable()
export class OAuthStatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(row: NewOAuthState): Promise<void> {
    await this.dataSource.query(oauthStateStatements.insert, [
      row.id,
      row.stateHash,
      row.organizationId,
      row.providerId,
      row.connectionId,
      row.codeVerifierEncrypted,
      row.redirectUri,
      row.returnUrl,
      row.params ? JSON.stringify(row.params) : null,
      row.expiresAt,
    ]);
  }

  /**
   * Single use in one statement: of two concurrent callbacks with the same state exactly one gets the
   * row; a used or expired state returns null.
   */
  async consume(stateHash: string): Promise<ConsumedOAuthState | null> {
    const rows = returningRows<ConsumedRow>(
      await this.dataSource.query(oauthStateStatements.consume, [stateHash]),
    );
    return rows[0] ? toConsumedState(rows[0]) : null;
  }
}
