import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One authorization attempt; the state itself is stored only as a hash (it is the callback's credential). */
@Entity({ name: 'oauth_states' })
export class OAuthStateEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'state_hash', type: 'text' }) stateHash: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'provider_id', type: 'uuid' }) providerId: string;
  @Column({ name: 'connection_id', type: 'uuid', nullable: true }) connectionId: string | null;
  @Column({ name: 'code_verifier_encrypted', type: 'text', nullable: true }) codeVerifierEncrypted:
    string | null;
  @Column({ name: 'redirect_uri', type: 'text' }) redirectUri: string;
  @Column({ name: 'return_url', type: 'text', nullable: true }) returnUrl: string | null;
  @Column({ type: 'jsonb', nullable: true }) params: Record<string, string> | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true }) usedAt: Date | null;
}
