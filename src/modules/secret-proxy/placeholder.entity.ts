import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { AllowRule, ApprovalSettings } from './placeholder-policy';

@Entity({ name: 'proxy_placeholders' })
export class PlaceholderEntity {
  /** The uuid in `pb_secret_<uuid>`. */
  @PrimaryColumn('uuid') id: string;
  /** null only for legacy unscoped mappings, which are refused whenever an org is expected. */
  @Column({ name: 'organization_id', type: 'uuid', nullable: true }) organizationId: string | null;
  @Column({ name: 'agent_id', type: 'uuid', nullable: true }) agentId: string | null;
  @Column({ name: 'connection_id', type: 'uuid' }) connectionId: string;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  /** Written once at creation; null is no policy (every method and path, nothing held). */
  @Column({ type: 'jsonb', nullable: true }) allow: AllowRule[] | null;
  @Column({ type: 'jsonb', nullable: true }) approval: ApprovalSettings | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
