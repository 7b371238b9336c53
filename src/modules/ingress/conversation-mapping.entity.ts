import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'conversation_mappings' })
export class ConversationMappingEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'integration_id', type: 'uuid' }) integrationId: string;
  @Column({ name: 'external_conversation_id', type: 'text' }) externalConversationId: string;
  @Column({ name: 'conversation_id', type: 'uuid' }) conversationId: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
