/**
 * Generated from GET /docs-json by `npm run console:api` (openapi-typescript). Do not edit by hand:
 * test/e2e/console-api-client.e2e-spec.ts fails when this file is stale.
 */

export interface paths {
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: operations["HealthController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The database (and Redis when configured) answer */
        get: operations["HealthController_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ingress/{pluginId}/{instanceId}/{route}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Receive a provider webhook (raw body, provider signature headers) */
        post: operations["IngressController_receive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics */
        get: operations["MetricsController_render"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** OAuth redirect target; the single-use state is the credential (no API key) */
        get: operations["OAuthCallbackController_callback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/proxy/{provider}/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GET through the secret proxy: the placeholder is swapped for the connection's access token */
        get: operations["ProxyController_forwardGet"];
        /** PUT through the secret proxy: the placeholder is swapped for the connection's access token */
        put: operations["ProxyController_forwardPut"];
        /** POST through the secret proxy: the placeholder is swapped for the connection's access token */
        post: operations["ProxyController_forwardPost"];
        /** DELETE through the secret proxy: the placeholder is swapped for the connection's access token */
        delete: operations["ProxyController_forwardDelete"];
        /** OPTIONS through the secret proxy: the placeholder is swapped for the connection's access token */
        options: operations["ProxyController_forwardOptions"];
        head?: never;
        /** PATCH through the secret proxy: the placeholder is swapped for the connection's access token */
        patch: operations["ProxyController_forwardPatch"];
        trace?: never;
    };
    "/v1/admin/sweep": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the global sweep now (operator) */
        post: operations["MaintenanceController_runSweep"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List orgs (operator) */
        get: operations["OrganizationsController_listOrgs"];
        put?: never;
        /** Create an org (operator) */
        post: operations["OrganizationsController_createOrg"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an org (operator, or its own key) */
        get: operations["OrganizationsController_getOrg"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an agent (the identity worker tokens and placeholders are bound to) */
        post: operations["AgentsController_createAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/agents/{agentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an agent; its worker tokens are revoked and its placeholders deleted */
        delete: operations["AgentsController_deleteAgent"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/agents/{agentId}/placeholders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a placeholder (pb_secret_<uuid>) for a connection (default TTL 24 h) */
        post: operations["AgentsController_createPlaceholder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/agents/{agentId}/worker-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a worker token (pbw_…, shown once; default TTL 2 h) */
        post: operations["AgentsController_createWorkerToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an org API key; the key is shown once (operator) */
        post: operations["OrganizationsController_createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an org API key (operator) */
        delete: operations["OrganizationsController_deleteApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the org's connections (never a token) */
        get: operations["ConnectionsController_listConnections"];
        put?: never;
        /** Import tokens, or obtain a client_credentials token */
        post: operations["ConnectionsController_createConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/connections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a connection (never a token) */
        get: operations["ConnectionsController_getConnection"];
        put?: never;
        post?: never;
        /** Delete a connection */
        delete: operations["ConnectionsController_deleteConnection"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/connections/{id}/access-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A valid access token, refreshed first when it expires within the skew */
        post: operations["ConnectionsController_issueAccessToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/connections/{id}/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Refresh now; answers {ok:true,expiresAt} or {ok:false,errorCode,terminal} */
        post: operations["ConnectionsController_refreshConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/connections/authorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start an OAuth authorization (or a reconnect with connectionId) */
        post: operations["ConnectionsController_authorize"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List conversation mappings */
        get: operations["ConversationsController_listConversations"];
        /** Bind an external conversation to an internal conversation id */
        put: operations["ConversationsController_mapConversation"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/ingress/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List deliveries, newest first */
        get: operations["DeliveriesController_listDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/ingress/deliveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a delivery */
        get: operations["DeliveriesController_getDelivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/ingress/redrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replay DEAD deliveries by ids or by status */
        post: operations["DeliveriesController_redriveDeliveries"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List integrations */
        get: operations["IntegrationsController_listIntegrations"];
        put?: never;
        /** Create an integration; deliverySecret is shown once */
        post: operations["IntegrationsController_createIntegration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/integrations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an integration */
        get: operations["IntegrationsController_getIntegration"];
        put?: never;
        post?: never;
        /** Delete an integration */
        delete: operations["IntegrationsController_deleteIntegration"];
        options?: never;
        head?: never;
        /** Enable/disable or edit an integration; ENABLED redrives its parked deliveries */
        patch: operations["IntegrationsController_updateIntegration"];
        trace?: never;
    };
    "/v1/orgs/{orgId}/integrations/{id}/redrive-parked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replay the integration’s PARKED deliveries now */
        post: operations["DeliveriesController_redriveParked"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/interactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List interactions, newest first */
        get: operations["PendingInteractionsController_listInteractions"];
        put?: never;
        /**
         * Ask a human: store the question and post it to the chat with one button per option
         * @description The connection's provider must have an apiBaseUrl (400 INTERACTION.NO_CHAT_API otherwise: no host is ever guessed).
         */
        post: operations["PendingInteractionsController_createInteraction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/interactions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read one interaction with its status (PENDING, ANSWERED, EXPIRED) */
        get: operations["PendingInteractionsController_getInteraction"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/interactions/{id}/answer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Answer an interaction; exactly one answer wins */
        post: operations["PendingInteractionsController_answerInteraction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the org's providers */
        get: operations["ProvidersController_listProviders"];
        put?: never;
        /** Configure an OAuth provider (app) for the org; the client secret is never returned */
        post: operations["ProvidersController_createProvider"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/providers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a provider */
        get: operations["ProvidersController_getProvider"];
        put?: never;
        post?: never;
        /** Delete a provider and its connections */
        delete: operations["ProvidersController_deleteProvider"];
        options?: never;
        head?: never;
        /**
         * Update a provider
         * @description A change of authorizeUrl, tokenUrl or apiBaseUrl must carry clientSecret again (400 PROVIDER.SECRET_REQUIRED otherwise).
         */
        patch: operations["ProvidersController_updateProvider"];
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AccessTokenResponseDto: {
            accessToken: string;
            expiresAt: string | null;
        };
        AgentResponseDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            name: string;
        };
        AnswerInteractionRequestDto: {
            answer: string;
            /** Format: uuid */
            connectionId: string;
            /** @description the answering chat user; must be the expected user */
            userId: string;
        };
        AnswerInteractionResponseDto: {
            claimed: boolean;
        };
        AuthorizeRequestDto: {
            /** @description reconnect this connection instead of creating a new one */
            connectionId?: string;
            /**
             * @description the provider's key within the org
             * @example slack
             */
            provider: string;
            /** @description the callback redirects here with ?connectionId= instead of answering JSON */
            returnUrl?: string;
            /** @description defaults to the provider's scopes */
            scopes?: string[];
        };
        AuthorizeResponseDto: {
            authorizeUrl: string;
            expiresAt: string;
            /** @description single use; expires in 10 minutes */
            state: string;
        };
        CallbackResponseDto: {
            connectionId: string;
            /** @description true when an existing connection was re-authorized */
            reconnected: boolean;
        };
        ConnectionListResponseDto: {
            items: components["schemas"]["ConnectionResponseDto"][];
            nextCursor: string | null;
        };
        ConnectionResponseDto: {
            createdAt: string;
            expiresAt: string | null;
            externalAccountId: string | null;
            id: string;
            isRefreshable: boolean;
            lastRefreshError: string | null;
            /** @description the provider's key */
            provider: string;
            refreshBlockedUntil: string | null;
            /** @enum {string} */
            status: "ACTIVE" | "INVALID";
            updatedAt: string;
        };
        ConversationListResponseDto: {
            items: components["schemas"]["ConversationResponseDto"][];
            nextCursor: string | null;
        };
        ConversationResponseDto: {
            /** Format: uuid */
            conversationId: string;
            /** Format: date-time */
            createdAt: string;
            externalConversationId: string;
            /** Format: uuid */
            integrationId: string;
        };
        CreateAgentRequestDto: {
            /**
             * Format: uuid
             * @description The agent's id; generated when omitted
             */
            id?: string;
            /** @example support-bot */
            name: string;
        };
        CreateApiKeyRequestDto: {
            /** @example ci */
            name?: string;
        };
        CreateConnectionRequestDto: {
            externalAccountId?: string;
            /**
             * @description the provider's key within the org
             * @example slack
             */
            provider: string;
            /** @description import tokens; omit for a client_credentials provider */
            tokens?: components["schemas"]["ImportTokensDto"];
        };
        CreatedApiKeyResponseDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            /**
             * @description The key, shown once; only its hash is stored
             * @example pbk_…
             */
            key: string;
            name: string | null;
        };
        CreatedIntegrationResponseDto: {
            config: {
                [key: string]: unknown;
            };
            connectionIds: string[];
            /** Format: date-time */
            createdAt: string;
            /**
             * @description signs outbound deliveries; shown once
             * @example whsec_…
             */
            deliverySecret: string;
            deliveryUrl: string;
            /** Format: uuid */
            id: string;
            ingress: components["schemas"]["IngressSettingsResponseDto"];
            /**
             * @description the chosen instance name plus an unguessable suffix; unique per plugin
             * @example acme-main.Zk3pQ8vR2mX1aB7c
             */
            instanceId: string;
            name: string;
            /** @enum {string} */
            onError: "park" | "discard";
            plugin: string;
            /** @enum {string} */
            status: "ENABLED" | "DISABLED" | "ERROR" | "NEEDS_CONFIG" | "PROCESSING";
            /** Format: date-time */
            statusChangedAt: string;
            statusReason: string | null;
            /** Format: date-time */
            updatedAt: string;
        };
        CreateIntegrationRequestDto: {
            config?: {
                [key: string]: unknown;
            };
            connectionIds?: string[];
            /** @example https://agents.example.com/hooks */
            deliveryUrl: string;
            ingress: components["schemas"]["IngressSettingsDto"];
            /**
             * @description a name unique per org and plugin (generated when absent); the integration’s instanceId, the instance segment of its ingress URL, is this name plus an unguessable suffix
             * @example acme-main
             */
            instanceId?: string;
            /** @example Support Slack */
            name: string;
            /**
             * @default park
             * @enum {string}
             */
            onError: "park" | "discard";
            /** @example slack */
            plugin: string;
        };
        CreateInteractionRequestDto: {
            /** @description where the answer is delivered; default: the integration's deliveryUrl */
            callbackUrl?: string;
            /** @description chat channel id */
            channel: string;
            /**
             * Format: uuid
             * @description the Slack connection that posts the question
             */
            connectionId: string;
            /** @description chat user id that may answer (Slack user id) */
            expectedUserId: string;
            /**
             * @description The agent's id for this question; a retry with the same id keeps createdAt
             * @example refund-1182
             */
            id: string;
            /** Format: uuid */
            integrationId: string;
            options: string[];
            question: string;
        };
        CreateOrgRequestDto: {
            /** @example Acme */
            name: string;
        };
        CreatePlaceholderRequestDto: {
            /** Format: uuid */
            connectionId: string;
            /** @default 86400 */
            ttlSeconds: number;
        };
        CreateProviderRequestDto: {
            /**
             * @description base URL the secret proxy forwards to
             * @example https://slack.com/api
             */
            apiBaseUrl?: string;
            /**
             * @description required for authorization_code
             * @example https://slack.com/oauth/v2/authorize
             */
            authorizeUrl?: string;
            clientId: string;
            /** @description stored encrypted; never returned */
            clientSecret?: string;
            /**
             * @description slack: HTTP 200 {ok:false} is a failure
             * @default standard
             * @enum {string}
             */
            errorStyle: "standard" | "slack";
            /**
             * @default authorization_code
             * @enum {string}
             */
            grantType: "authorization_code" | "client_credentials";
            /**
             * @description unique per org; connections name their provider by it
             * @example slack
             */
            key: string;
            /**
             * @example [
             *       "chat:write"
             *     ]
             */
            scopes?: string[];
            /**
             * @default client_secret_post
             * @enum {string}
             */
            tokenAuthMethod: "client_secret_post" | "client_secret_basic";
            /** @example https://slack.com/api/oauth.v2.access */
            tokenUrl: string;
            /** @default true */
            usePkce: boolean;
        };
        CreateWorkerTokenRequestDto: {
            /** @default 7200 */
            ttlSeconds: number;
        };
        DeliveryListResponseDto: {
            items: components["schemas"]["DeliveryResponseDto"][];
            nextCursor: string | null;
        };
        DeliveryResponseDto: {
            attempts: number;
            /** Format: uuid */
            conversationId: string | null;
            /** Format: uuid */
            id: string;
            instanceId: string;
            /** Format: uuid */
            integrationId: string;
            lastError: string | null;
            plugin: string;
            providerDeliveryId: string;
            /** Format: date-time */
            receivedAt: string;
            route: string;
            /** @enum {string} */
            status: "RECEIVED" | "QUEUED" | "DELIVERED" | "PARKED" | "DISCARDED" | "DEAD";
            /** Format: date-time */
            updatedAt: string;
        };
        ImportTokensDto: {
            accessToken: string;
            /** @description seconds until the access token expires; absent = does not expire */
            expiresIn?: number;
            refreshToken?: string;
            scope?: string;
        };
        IngressSettingsDto: {
            /**
             * @description how ingress verifies the provider’s requests
             * @enum {string}
             */
            scheme: "slack" | "standard-webhooks" | "stripe" | "github" | "shopify" | "none";
            /** @description the provider’s signing secret; required unless scheme is none. standard-webhooks: whsec_<base64> or bare base64 decoding to at least 16 bytes; other schemes: at least 16 characters */
            secret?: string;
        };
        IngressSettingsResponseDto: {
            /** @enum {string} */
            scheme: "slack" | "standard-webhooks" | "stripe" | "github" | "shopify" | "none";
            /** @description where the provider sends its webhooks (any :route) */
            url: string;
        };
        IntegrationListResponseDto: {
            items: components["schemas"]["IntegrationResponseDto"][];
            nextCursor: string | null;
        };
        IntegrationResponseDto: {
            config: {
                [key: string]: unknown;
            };
            connectionIds: string[];
            /** Format: date-time */
            createdAt: string;
            deliveryUrl: string;
            /** Format: uuid */
            id: string;
            ingress: components["schemas"]["IngressSettingsResponseDto"];
            /**
             * @description the chosen instance name plus an unguessable suffix; unique per plugin
             * @example acme-main.Zk3pQ8vR2mX1aB7c
             */
            instanceId: string;
            name: string;
            /** @enum {string} */
            onError: "park" | "discard";
            plugin: string;
            /** @enum {string} */
            status: "ENABLED" | "DISABLED" | "ERROR" | "NEEDS_CONFIG" | "PROCESSING";
            /** Format: date-time */
            statusChangedAt: string;
            statusReason: string | null;
            /** Format: date-time */
            updatedAt: string;
        };
        InteractionListResponseDto: {
            items: components["schemas"]["InteractionResponseDto"][];
            nextCursor: string | null;
        };
        InteractionResponseDto: {
            answer: string | null;
            answeredBy: string | null;
            channel: string;
            /** Format: date-time */
            claimedAt: string | null;
            /** Format: uuid */
            connectionId: string;
            /** Format: date-time */
            createdAt: string;
            expectedUserId: string;
            /** Format: date-time */
            expiresAt: string;
            id: string;
            /** Format: uuid */
            integrationId: string;
            options: string[];
            question: string;
            /** @enum {string} */
            status: "PENDING" | "ANSWERED" | "EXPIRED";
        };
        OrgListResponseDto: {
            items: components["schemas"]["OrgResponseDto"][];
            nextCursor: string | null;
        };
        OrgResponseDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            name: string;
        };
        PlaceholderResponseDto: {
            /** Format: uuid */
            agentId: string;
            /** Format: uuid */
            connectionId: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: uuid */
            id: string;
            /**
             * @description Put it where the secret goes
             * @example pb_secret_6f1c…
             */
            placeholder: string;
        };
        ProviderListResponseDto: {
            items: components["schemas"]["ProviderResponseDto"][];
            nextCursor: string | null;
        };
        ProviderResponseDto: {
            apiBaseUrl: string | null;
            authorizeUrl: string | null;
            clientId: string;
            createdAt: string;
            /** @enum {string} */
            errorStyle: "standard" | "slack";
            /** @enum {string} */
            grantType: "authorization_code" | "client_credentials";
            /** @description whether a client secret is stored (the secret itself is never returned) */
            hasClientSecret: boolean;
            id: string;
            key: string;
            scopes: string[];
            /** @enum {string} */
            tokenAuthMethod: "client_secret_post" | "client_secret_basic";
            tokenUrl: string;
            updatedAt: string;
            usePkce: boolean;
        };
        PutConversationRequestDto: {
            /**
             * Format: uuid
             * @description the agent platform’s conversation id
             */
            conversationId: string;
            /** @example C024BE91L:1712345678.000100 */
            externalConversationId: string;
            /** Format: uuid */
            integrationId: string;
        };
        ReceiveWebhookResponseDto: {
            /** Format: uuid */
            deliveryId: string;
            duplicate: boolean;
        };
        RedriveDeliveriesRequestDto: {
            /** @description DEAD deliveries to replay */
            deliveryIds?: string[];
            /**
             * @description replay every DEAD delivery of the org (up to 500)
             * @enum {string}
             */
            status?: "DEAD";
        };
        RedriveParkedResponseDto: {
            results: components["schemas"]["RedriveParkedResultDto"][];
        };
        RedriveParkedResultDto: {
            /** Format: uuid */
            deliveryId: string;
            /** @enum {string} */
            outcome: "queued" | "dispatched" | "failed";
        };
        RedriveResponseDto: {
            results: components["schemas"]["RedriveResultDto"][];
        };
        RedriveResultDto: {
            /** Format: uuid */
            deliveryId: string;
            /** @description the replay was accepted and the row left DEAD */
            handled: boolean;
            /** @enum {string} */
            outcome: "queued" | "dispatched" | "failed";
        };
        RefreshResponseDto: {
            /** @example invalid_grant */
            errorCode?: string;
            expiresAt?: string | null;
            ok: boolean;
            /** @description true: the connection needs a reconnect */
            terminal?: boolean;
        };
        SweepResponseDto: {
            /**
             * @example {
             *       "pendingInteractions": 0,
             *       "oauthStates": 3,
             *       "placeholders": 0,
             *       "deliveries": 12
             *     }
             */
            deleted: {
                [key: string]: number;
            };
            durationMs: number;
            /** @description slowest single DELETE of the run */
            longestStatementMs: number;
            /** @description false when another replica was sweeping and this call did nothing */
            ran: boolean;
            /**
             * @description INVALID connections whose ENABLED integrations were moved to ERROR
             * @example {
             *       "connections": 0
             *     }
             */
            reconciled: Record<string, never>;
            /** @description tables that hit the per-run cap and drain next run */
            remaining: string[];
        };
        UpdateIntegrationRequestDto: {
            config?: {
                [key: string]: unknown;
            };
            deliveryUrl?: string;
            name?: string;
            /**
             * @description ENABLED is accepted from any status
             * @enum {string}
             */
            status?: "ENABLED" | "DISABLED";
        };
        UpdateProviderRequestDto: {
            apiBaseUrl?: string;
            authorizeUrl?: string;
            clientId?: string;
            /** @description replaces the stored secret; never returned. Required when authorizeUrl, tokenUrl or apiBaseUrl change */
            clientSecret?: string;
            /** @enum {string} */
            errorStyle?: "standard" | "slack";
            /** @enum {string} */
            grantType?: "authorization_code" | "client_credentials";
            key?: string;
            scopes?: string[];
            /** @enum {string} */
            tokenAuthMethod?: "client_secret_post" | "client_secret_basic";
            tokenUrl?: string;
            usePkce?: boolean;
        };
        WorkerTokenResponseDto: {
            /** Format: uuid */
            agentId: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: uuid */
            id: string;
            /**
             * @description The worker token, shown once; only its hash is stored
             * @example pbw_…
             */
            token: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    HealthController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    HealthController_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Health Check is successful */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /** @example {} */
                        error?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /** @example ok */
                        status?: string;
                    };
                };
            };
            /** @description The Health Check is not successful */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up"
                         *       },
                         *       "redis": {
                         *         "status": "down",
                         *         "message": "Could not connect"
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /**
                         * @example {
                         *       "redis": {
                         *         "status": "down",
                         *         "message": "Could not connect"
                         *       }
                         *     }
                         */
                        error?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /** @example error */
                        status?: string;
                    };
                };
            };
        };
    };
    IngressController_receive: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                instanceId: string;
                pluginId: string;
                route: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a repeat of a stored delivery */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReceiveWebhookResponseDto"];
                };
            };
            /** @description stored durably, new */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReceiveWebhookResponseDto"];
                };
            };
        };
    };
    MetricsController_render: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    OAuthCallbackController_callback: {
        parameters: {
            query?: {
                code?: unknown;
                error?: unknown;
                state?: unknown;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallbackResponseDto"];
                };
            };
            /** @description redirect to returnUrl with ?connectionId= */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ProxyController_forwardGet: {
        parameters: {
            query?: never;
            header: {
                /** @description e.g. Bearer pb_secret_<uuid> */
                Authorization?: string;
                /** @description Bearer pbw_… (worker token) */
                "Proxy-Authorization": string;
            };
            path: {
                /** @description Path below the provider's apiBaseUrl */
                path: unknown;
                /** @description The provider's key; the placeholder's connection must use it */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description CONNECTION.INVALID */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ProxyController_forwardPut: {
        parameters: {
            query?: never;
            header: {
                /** @description e.g. Bearer pb_secret_<uuid> */
                Authorization?: string;
                /** @description Bearer pbw_… (worker token) */
                "Proxy-Authorization": string;
            };
            path: {
                /** @description Path below the provider's apiBaseUrl */
                path: unknown;
                /** @description The provider's key; the placeholder's connection must use it */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description CONNECTION.INVALID */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ProxyController_forwardPost: {
        parameters: {
            query?: never;
            header: {
                /** @description e.g. Bearer pb_secret_<uuid> */
                Authorization?: string;
                /** @description Bearer pbw_… (worker token) */
                "Proxy-Authorization": string;
            };
            path: {
                /** @description Path below the provider's apiBaseUrl */
                path: unknown;
                /** @description The provider's key; the placeholder's connection must use it */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description CONNECTION.INVALID */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ProxyController_forwardDelete: {
        parameters: {
            query?: never;
            header: {
                /** @description e.g. Bearer pb_secret_<uuid> */
                Authorization?: string;
                /** @description Bearer pbw_… (worker token) */
                "Proxy-Authorization": string;
            };
            path: {
                /** @description Path below the provider's apiBaseUrl */
                path: unknown;
                /** @description The provider's key; the placeholder's connection must use it */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description CONNECTION.INVALID */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ProxyController_forwardOptions: {
        parameters: {
            query?: never;
            header: {
                /** @description e.g. Bearer pb_secret_<uuid> */
                Authorization?: string;
                /** @description Bearer pbw_… (worker token) */
                "Proxy-Authorization": string;
            };
            path: {
                /** @description Path below the provider's apiBaseUrl */
                path: unknown;
                /** @description The provider's key; the placeholder's connection must use it */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description CONNECTION.INVALID */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ProxyController_forwardPatch: {
        parameters: {
            query?: never;
            header: {
                /** @description e.g. Bearer pb_secret_<uuid> */
                Authorization?: string;
                /** @description Bearer pbw_… (worker token) */
                "Proxy-Authorization": string;
            };
            path: {
                /** @description Path below the provider's apiBaseUrl */
                path: unknown;
                /** @description The provider's key; the placeholder's connection must use it */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description CONNECTION.INVALID */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MaintenanceController_runSweep: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SweepResponseDto"];
                };
            };
        };
    };
    OrganizationsController_listOrgs: {
        parameters: {
            query?: {
                /** @description opaque cursor from a previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrgListResponseDto"];
                };
            };
        };
    };
    OrganizationsController_createOrg: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateOrgRequestDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrgResponseDto"];
                };
            };
        };
    };
    OrganizationsController_getOrg: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrgResponseDto"];
                };
            };
        };
    };
    AgentsController_createAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAgentRequestDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentResponseDto"];
                };
            };
        };
    };
    AgentsController_deleteAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agentId: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AgentsController_createPlaceholder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agentId: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePlaceholderRequestDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlaceholderResponseDto"];
                };
            };
        };
    };
    AgentsController_createWorkerToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agentId: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWorkerTokenRequestDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkerTokenResponseDto"];
                };
            };
        };
    };
    OrganizationsController_createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyRequestDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKeyResponseDto"];
                };
            };
        };
    };
    OrganizationsController_deleteApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ConnectionsController_listConnections: {
        parameters: {
            query?: {
                /** @description opaque cursor from a previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionListResponseDto"];
                };
            };
        };
    };
    ConnectionsController_createConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateConnectionRequestDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionResponseDto"];
                };
            };
        };
    };
    ConnectionsController_getConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionResponseDto"];
                };
            };
        };
    };
    ConnectionsController_deleteConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ConnectionsController_issueAccessToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessTokenResponseDto"];
                };
            };
            /** @description CONNECTION.INVALID: the connection needs a reconnect */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description CONNECTION.REFRESH_UNAVAILABLE, with Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ConnectionsController_refreshConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefreshResponseDto"];
                };
            };
        };
    };
    ConnectionsController_authorize: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AuthorizeRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthorizeResponseDto"];
                };
            };
        };
    };
    ConversationsController_listConversations: {
        parameters: {
            query?: {
                /** @description opaque cursor from a previous page */
                cursor?: string;
                integrationId?: string;
                limit?: number;
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationListResponseDto"];
                };
            };
        };
    };
    ConversationsController_mapConversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PutConversationRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationResponseDto"];
                };
            };
        };
    };
    DeliveriesController_listDeliveries: {
        parameters: {
            query?: {
                /** @description opaque cursor from a previous page */
                cursor?: string;
                integrationId?: string;
                limit?: number;
                status?: "RECEIVED" | "QUEUED" | "DELIVERED" | "PARKED" | "DISCARDED" | "DEAD";
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryListResponseDto"];
                };
            };
        };
    };
    DeliveriesController_getDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryResponseDto"];
                };
            };
        };
    };
    DeliveriesController_redriveDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RedriveDeliveriesRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedriveResponseDto"];
                };
            };
        };
    };
    IntegrationsController_listIntegrations: {
        parameters: {
            query?: {
                /** @description opaque cursor from a previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationListResponseDto"];
                };
            };
        };
    };
    IntegrationsController_createIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateIntegrationRequestDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedIntegrationResponseDto"];
                };
            };
        };
    };
    IntegrationsController_getIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationResponseDto"];
                };
            };
        };
    };
    IntegrationsController_deleteIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    IntegrationsController_updateIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateIntegrationRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationResponseDto"];
                };
            };
        };
    };
    DeliveriesController_redriveParked: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedriveParkedResponseDto"];
                };
            };
        };
    };
    PendingInteractionsController_listInteractions: {
        parameters: {
            query?: {
                /** @description opaque cursor from a previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InteractionListResponseDto"];
                };
            };
        };
    };
    PendingInteractionsController_createInteraction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateInteractionRequestDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InteractionResponseDto"];
                };
            };
        };
    };
    PendingInteractionsController_getInteraction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InteractionResponseDto"];
                };
            };
        };
    };
    PendingInteractionsController_answerInteraction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AnswerInteractionRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnswerInteractionResponseDto"];
                };
            };
        };
    };
    ProvidersController_listProviders: {
        parameters: {
            query?: {
                /** @description opaque cursor from a previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderListResponseDto"];
                };
            };
        };
    };
    ProvidersController_createProvider: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateProviderRequestDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderResponseDto"];
                };
            };
        };
    };
    ProvidersController_getProvider: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderResponseDto"];
                };
            };
        };
    };
    ProvidersController_deleteProvider: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ProvidersController_updateProvider: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateProviderRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderResponseDto"];
                };
            };
        };
    };
}
