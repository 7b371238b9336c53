/**
 * plugboard's Client ID Metadata Document: an MCP authorization server that supports them fetches
 * this URL and uses it as plugboard's client_id, so no registration is needed. A public client
 * (no secret): PKCE and the exact redirect URI are what bind the code to plugboard.
 */
export function clientMetadataDocumentUrl(publicUrl: string): string {
  return `${publicUrl}/oauth/client-metadata.json`;
}

export interface ClientMetadataDocument {
  client_id: string;
  client_name: string;
  client_uri: string;
  redirect_uris: string[];
  grant_types: string[];
  response_types: string[];
  token_endpoint_auth_method: 'none';
}

export function clientMetadataDocument(publicUrl: string): ClientMetadataDocument {
  return {
    client_id: clientMetadataDocumentUrl(publicUrl),
    client_name: 'plugboard',
    client_uri: publicUrl,
    redirect_uris: [`${publicUrl}/oauth/callback`],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  };
}
