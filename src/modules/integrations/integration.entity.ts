import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeliveryMode, IngressScheme, OnErrorPolicy } from './integration.types';
import type { IntegrationStatus } from './integration-status.rules';

@Entity({ name: 'integrations' })
export class IntegrationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) plugin: string;
  /** The instance segment of the ingress URL: unique per plugin, with an unguessable suffix. */
  @Column({ name: 'instance_id', type: 'text' }) instanceId: string;
  /** The instance name the org chose (or was given): unique per org and plugin. */
  @Column({ name: 'instance_name', type: 'text' }) instanceName: string;
  @Column({ name: 'connection_ids', type: 'uuid', array: true }) connectionIds: string[];
  /** null for pull mode: nothing is POSTed. */
  @Column({ name: 'delivery_url', type: 'text', nullable: true }) deliveryUrl: string | null;
  @Column({ name: 'delivery_mode', type: 'text' }) deliveryMode: DeliveryMode;
  /** Agents whose worker tokens may pull this integration's deliveries (pull mode). */
  @Column({ name: 'pull_agent_ids', type: 'uuid', array: true }) pullAgentIds: string[];
  @Column({ name: 'delivery_secret_encrypted', type: 'text' }) deliverySecretEncrypted: string;
  /** The secret the last rotation replaced: deliveries are signed by both until it expires. */
  @Column({ name: 'previous_delivery_secret_encrypted', type: 'text', nullable: true })
  previousDeliverySecretEncrypted: string | null;
  @Column({ name: 'previous_delivery_secret_expires_at', type: 'timestamptz', nullable: true })
  previousDeliverySecretExpiresAt: Date | null;
  @Column({ type: 'jsonb' }) config: Record<string, unknown>;
  @Column({ name: 'ingress_scheme', type: 'text' }) ingressScheme: IngressScheme;
  @Column({ name: 'ingress_secret_encrypted', type: 'text', nullable: true })
  ingressSecretEncrypted: string | null;
  @Column({ name: 'on_error', type: 'text' }) onError: OnErrorPolicy;
  @Column({ type: 'text' }) status: IntegrationStatus;
  @Column({ name: 'status_reason', type: 'text', nullable: true }) statusReason: string | null;
  @Column({ name: 'status_changed_at', type: 'timestamptz' }) statusChangedAt: Date;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
