import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ConnectionStatus = 'ACTIVE' | 'INVALID';

@Entity({ name: 'oauth_connections' })
export class ConnectionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'provider_id', type: 'uuid' }) providerId: string;
  @Column({ type: 'text' }) status: ConnectionStatus;
  @Column({ name: 'external_account_id', type: 'text', nullable: true }) externalAccountId: string | null;
  @Column({ name: 'access_token_encrypted', type: 'text' }) accessTokenEncrypted: string;
  @Column({ name: 'refresh_token_encrypted', type: 'text', nullable: true })
  refreshTokenEncrypted: string | null;
  @Column({ type: 'text', nullable: true }) scope: string | null;
  /** Values of the provider's `{name}` URL parameters for this connection (e.g. `{shop}`). */
  @Column({ type: 'jsonb', nullable: true }) params: Record<string, string> | null;
  /** This connection's own upstream, when the token answer named one (Salesforce instance_url). */
  @Column({ name: 'api_base_url', type: 'text', nullable: true }) apiBaseUrl: string | null;
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt: Date | null;
  @Column({ name: 'is_refreshable', type: 'boolean' }) isRefreshable: boolean;
  @Column({ name: 'token_version', type: 'integer' }) tokenVersion: number;
  @Column({ name: 'last_refresh_error', type: 'text', nullable: true }) lastRefreshError: string | null;
  @Column({ name: 'refresh_blocked_until', type: 'timestamptz', nullable: true })
  refreshBlockedUntil: Date | null;
  @Column({ name: 'refresh_retry_at', type: 'timestamptz', nullable: true }) refreshRetryAt: Date | null;
  @Column({ name: 'refresh_failure_count', type: 'integer' }) refreshFailureCount: number;
  @Column({ name: 'refresh_lease_owner', type: 'text', nullable: true }) refreshLeaseOwner: string | null;
  @Column({ name: 'refresh_lease_until', type: 'timestamptz', nullable: true })
  refreshLeaseUntil: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
