import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Keyed (organization_id, id): an agent id is the client's choice, so it names an agent per org. */
@Entity({ name: 'proxy_agents' })
export class AgentEntity {
  @PrimaryColumn('uuid') id: string;
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ type: 'text' }) name: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
