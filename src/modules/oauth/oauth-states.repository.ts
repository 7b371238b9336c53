import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { OAuthStateEntity } from './oauth-state.entity';

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

@Injectable()
export class OAuthStatesRepository {
  constructor(
    @InjectRepository(OAuthStateEntity) private readonly states: Repository<OAuthStateEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async insert(row: NewOAuthState): Promise<void> {
    await this.states.insert(row);
  }

  /**
   * Single use in one statement: of two concurrent callbacks with the same state exactly one gets the
   * row; a used or expired state returns null.
   */
  async consume(stateHash: string): Promise<ConsumedOAuthState | null> {
    // TypeORM answers an UPDATE with [rows, rowCount]
    const [rows] = (await this.dataSource.query(
      `UPDATE oauth_states SET used_at = now()
        WHERE state_hash = $1 AND used_at IS NULL AND expires_at > now()
        RETURNING id, organization_id, provider_id, connection_id, code_verifier_encrypted, redirect_uri,
                  return_url, params`,
      [stateHash],
    )) as [ConsumedRow[], number];
    const row = rows[0];
    if (!row) return null;
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
}
