import { Column, Entity, PrimaryColumn } from 'typeorm';

export type InteractionKind = 'question' | 'approval';

/** Keyed (organization_id, id): the id is the agent's own, so it names an interaction per org. */
@Entity({ name: 'pending_interactions' })
export class PendingInteractionEntity {
  @PrimaryColumn({ type: 'text' }) id: string;
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'integration_id', type: 'uuid' }) integrationId: string;
  @Column({ name: 'connection_id', type: 'uuid' }) connectionId: string;
  @Column({ name: 'expected_user_id', type: 'text' }) expectedUserId: string;
  @Column({ type: 'text' }) channel: string;
  @Column({ type: 'text' }) question: string;
  @Column({ type: 'jsonb' }) options: string[];
  @Column({ name: 'callback_url', type: 'text', nullable: true }) callbackUrl: string | null;
  @Column({ name: 'message_channel', type: 'text', nullable: true }) messageChannel: string | null;
  @Column({ name: 'message_ts', type: 'text', nullable: true }) messageTs: string | null;
  @Column({ type: 'text', nullable: true }) answer: string | null;
  @Column({ name: 'answered_by', type: 'text', nullable: true }) answeredBy: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true }) claimedAt: Date | null;
  /** `approval`: asked by the secret proxy for a held request (options Approve / Deny). */
  @Column({ type: 'text', default: 'question' }) kind: InteractionKind;
  /** An approval's own end (its timeout); null for questions, which end at the interactions' TTL. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt: Date | null;
}
