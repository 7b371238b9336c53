import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const GRANT_TYPES = ['authorization_code', 'client_credentials'] as const;
export type GrantType = (typeof GRANT_TYPES)[number];
/** `none`: a public client (an MCP Client ID Metadata Document, or a registration without a secret). */
export const TOKEN_AUTH_METHODS = ['client_secret_post', 'client_secret_basic', 'none'] as const;
export type TokenAuthMethod = (typeof TOKEN_AUTH_METHODS)[number];
export const ERROR_STYLES = ['standard', 'slack'] as const;
export type ErrorStyle = (typeof ERROR_STYLES)[number];

@Entity({ name: 'oauth_providers' })
export class ProviderEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ type: 'text' }) key: string;
  @Column({ name: 'authorize_url', type: 'text', nullable: true }) authorizeUrl: string | null;
  @Column({ name: 'token_url', type: 'text' }) tokenUrl: string;
  @Column({ name: 'client_id', type: 'text' }) clientId: string;
  @Column({ name: 'client_secret_encrypted', type: 'text', nullable: true })
  clientSecretEncrypted: string | null;
  @Column({ type: 'text', array: true }) scopes: string[];
  @Column({ name: 'grant_type', type: 'text' }) grantType: GrantType;
  @Column({ name: 'token_auth_method', type: 'text' }) tokenAuthMethod: TokenAuthMethod;
  @Column({ name: 'use_pkce', type: 'boolean' }) usePkce: boolean;
  @Column({ name: 'api_base_url', type: 'text', nullable: true }) apiBaseUrl: string | null;
  @Column({ name: 'error_style', type: 'text' }) errorStyle: ErrorStyle;
  /** The catalog template (its quirks apply) or `mcp`; null for a hand-configured provider. */
  @Column({ type: 'text', nullable: true }) template: string | null;
  /** RFC 8707 resource sent on authorize, token and refresh (an MCP server); null otherwise. */
  @Column({ name: 'resource_indicator', type: 'text', nullable: true }) resourceIndicator: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
