import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const DELIVERY_STATUSES = ['RECEIVED', 'QUEUED', 'DELIVERED', 'PARKED', 'DISCARDED', 'DEAD'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

@Entity({ name: 'deliveries' })
export class DeliveryEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'integration_id', type: 'uuid' }) integrationId: string;
  @Column({ name: 'plugin_id', type: 'text' }) pluginId: string;
  @Column({ name: 'instance_id', type: 'text' }) instanceId: string;
  @Column({ type: 'text' }) route: string;
  @Column({ name: 'provider_delivery_id', type: 'text' }) providerDeliveryId: string;
  @Column({ type: 'jsonb' }) payload: unknown;
  /** `ingress.delivery` for provider webhooks; plugboard's own events (e.g. `interaction.answered`) otherwise. */
  @Column({ name: 'event_type', type: 'text' }) eventType: string;
  /** Overrides the integration's deliveryUrl (an interaction's callbackUrl). */
  @Column({ name: 'target_url', type: 'text', nullable: true }) targetUrl: string | null;
  @Column({ type: 'text' }) status: DeliveryStatus;
  /** POSTs made so far, never reset. */
  @Column({ type: 'integer' }) attempts: number;
  /** `attempts` when the current round began (a redrive starts a new round of DELIVERY_MAX_ATTEMPTS). */
  @Column({ name: 'attempt_base', type: 'integer' }) attemptBase: number;
  @Column({ type: 'integer' }) redrives: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  @Column({ name: 'conversation_id', type: 'uuid', nullable: true }) conversationId: string | null;
  @Column({ name: 'lease_token', type: 'uuid', nullable: true }) leaseToken: string | null;
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true }) leaseUntil: Date | null;
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true }) nextAttemptAt: Date | null;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  /** Its integration's agent pulls it: never POSTed, handed out under leases instead. */
  @Column({ type: 'boolean' }) pull: boolean;
}
