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
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
