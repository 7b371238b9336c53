import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One row per POST and per redrive request: what was tried and what came of it. */
@Entity({ name: 'delivery_attempts' })
export class DeliveryAttemptEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'delivery_id', type: 'uuid' }) deliveryId: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ type: 'text' }) kind: 'dispatch' | 'redrive';
  @Column({ type: 'text' }) outcome: string;
  @Column({ type: 'integer', nullable: true }) attempt: number | null;
  @Column({ name: 'response_status', type: 'integer', nullable: true }) responseStatus: number | null;
  @Column({ type: 'text', nullable: true }) error: string | null;
  /** When the POST started and how long the receiver took; null for rows that POSTed nothing. */
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ name: 'duration_ms', type: 'integer', nullable: true }) durationMs: number | null;
  /** The first KiB of the receiver's answer. */
  @Column({ name: 'response_snippet', type: 'text', nullable: true }) responseSnippet: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
