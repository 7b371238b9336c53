import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ type: 'text', nullable: true }) name: string | null;
  /** SHA-256 of the key; the key itself is shown once and never stored. */
  @Index({ unique: true }) @Column({ name: 'key_hash', type: 'text' }) keyHash: string;
  @Column({ name: 'key_prefix', type: 'text' }) keyPrefix: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
