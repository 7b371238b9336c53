/**
 * Generated from docs/openapi.json by `npm run sdk:generate`. Do not edit by hand:
 * test/sdk/sdk-generated.e2e-spec.ts fails when this file is stale.
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
        get: operations["checkLiveness"];
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
        get: operations["checkReadiness"];
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
        post: operations["receiveWebhook"];
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
        get: operations["getMetrics"];
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
        get: operations["handleOAuthCallback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/client-metadata.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** plugboard's OAuth Client ID Metadata Document (its client_id at MCP authorization servers) */
        get: operations["clientMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/proxy/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * GET through the secret proxy: the placeholder is swapped for the connection's access token
         * @description A placeholder with `allow` rules refuses every other method and path (403 SECRET_PROXY.NOT_ALLOWED). A call its `approval` covers is held (no answer is sent) until the approver answers in Slack or through POST /v1/orgs/{orgId}/interactions/{id}/answer, at most `timeoutSeconds`: Approve forwards exactly the held request once and returns the upstream's answer.
         */
        get: operations["proxyGetRoot"];
        /**
         * PUT through the secret proxy: the placeholder is swapped for the connection's access token
         * @description A placeholder with `allow` rules refuses every other method and path (403 SECRET_PROXY.NOT_ALLOWED). A call its `approval` covers is held (no answer is sent) until the approver answers in Slack or through POST /v1/orgs/{orgId}/interactions/{id}/answer, at most `timeoutSeconds`: Approve forwards exactly the held request once and returns the upstream's answer.
         */
        put: operations["proxyPutRoot"];
        /**
         * POST through the secret proxy: the placeholder is swapped for the connection's access token
         * @description A placeholder with `allow` rules refuses every other method and path (403 SECRET_PROXY.NOT_ALLOWED). A call its `approval` covers is held (no answer is sent) until the approver answers in Slack or through POST /v1/orgs/{orgId}/interactions/{id}/answer, at most `timeoutSeconds`: Approve forwards exactly the held request once and returns the upstream's answer.
         */
        post: operations["proxyPostRoot"];
        /**
         * DELETE through the secret proxy: the placeholder is swapped for the connection's access token
         * @description A placeholder with `allow` rules refuses every other method and path (403 SECRET_PROXY.NOT_ALLOWED). A call its `approval` covers is held (no answer is sent) until the approver answers in Slack or through POST /v1/orgs/{orgId}/interactions/{id}/answer, at most `timeoutSeconds`: Approve forwards exactly the held request once and returns the upstream's answer.
         */
        delete: operations["proxyDeleteRoot"];
        /**
         * OPTIONS through the secret proxy: the placeholder is swapped for the connection's access token
         * @description A placeholder with `allow` rules refuses every other method and path (403 SECRET_PROXY.NOT_ALLOWED). A call its `approval` covers is held (no answer is sent) until the approver answers in Slack or through POST /v1/orgs/{orgId}/interactions/{id}/answer, at most `timeoutSeconds`: Approve forwards exactly the held request once and returns the upstream's answer.
         */
        options: operations["proxyOptionsRoot"];
        head?: never;
        /**
         * PATCH through the secret proxy: the placeholder is swapped for the connection's access token
         * @description A placeholder with `allow` rules refuses every other method and path (403 SECRET_PROXY.NOT_ALLOWED). A call its `approval` covers is held (no answer is sent) until the approver answers in Slack or through POST /v1/orgs/{orgId}/interactions/{id}/answer, at most `timeoutSeconds`: Approve forwards exactly the held request once and returns the upstream's answer.
         */
        patch: operations["proxyPatchRoot"];
        trace?: never;
    };
    "/proxy/{provider}/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * GET through the secret proxy: the placeholder is swapped for the connection's access token
         * @description A placeholder with `allow` rules refuses every other method and path (403 SECRET_PROXY.NOT_ALLOWED). A call its `approval` covers is held (no answer is sent) until the approver answers in Slack or through POST /v1/orgs/{orgId}/interactions/{id}/answer, at most `timeoutSeconds`: Approve forwards exactly the held request once and returns the upstream's answer.
         */
        get: operations["proxyGet"];
        /**
         * PUT through the secret proxy: the placeholder is swapped for the connection's access token
         * @description A placeholder with `allow` rules refuses every other method and path (403 SECRET_PROXY.NOT_ALLOWED). A call its `approval` covers is held (no answer is sent) until the approver answers in Slack or through POST /v1/orgs/{orgId}/interactions/{id}/answer, at most `timeoutSeconds`: Approve forwards exactly the held request once and returns the upstream's answer.
         */
        put: operations["proxyPut"];
        /**
         * POST through the secret proxy: the placeholder is swapped for the connection's access token
         * @description A placeholder with `allow` rules refuses every other method and path (403 SECRET_PROXY.NOT_ALLOWED). A call its `approval` covers is held (no answer is sent) until the approver answers in Slack or through POST /v1/orgs/{orgId}/interactions/{id}/answer, at most `timeoutSeconds`: Approve forwards exactly the held request once and returns the upstream's answer.
         */
        post: operations["proxyPost"];
        /**
         * DELETE through the secret proxy: the placeholder is swapped for the connection's access token
         * @description A placeholder with `allow` rules refuses every other method and path (403 SECRET_PROXY.NOT_ALLOWED). A call its `approval` covers is held (no answer is sent) until the approver answers in Slack or through POST /v1/orgs/{orgId}/interactions/{id}/answer, at most `timeoutSeconds`: Approve forwards exactly the held request once and returns the upstream's answer.
         */
        delete: operations["proxyDelete"];
        /**
         * OPTIONS through the secret proxy: the placeholder is swapped for the connection's access token
         * @description A placeholder with `allow` rules refuses every other method and path (403 SECRET_PROXY.NOT_ALLOWED). A call its `approval` covers is held (no answer is sent) until the approver answers in Slack or through POST /v1/orgs/{orgId}/interactions/{id}/answer, at most `timeoutSeconds`: Approve forwards exactly the held request once and returns the upstream's answer.
         */
        options: operations["proxyOptions"];
        head?: never;
        /**
         * PATCH through the secret proxy: the placeholder is swapped for the connection's access token
         * @description A placeholder with `allow` rules refuses every other method and path (403 SECRET_PROXY.NOT_ALLOWED). A call its `approval` covers is held (no answer is sent) until the approver answers in Slack or through POST /v1/orgs/{orgId}/interactions/{id}/answer, at most `timeoutSeconds`: Approve forwards exactly the held request once and returns the upstream's answer.
         */
        patch: operations["proxyPatch"];
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
        post: operations["runSweep"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The provider catalog: templates for POST /v1/orgs/:orgId/providers {key, template, clientId, clientSecret} */
        get: operations["listCatalog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who am I
         * @description The operator, or the org and key id of an org key: lets a client start from a key alone.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
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
        get: operations["listOrgs"];
        put?: never;
        /** Create an org (operator) */
        post: operations["createOrg"];
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
        get: operations["getOrg"];
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
        /** List the org's agents, newest first */
        get: operations["listAgents"];
        put?: never;
        /** Create an agent (the identity worker tokens and placeholders are bound to) */
        post: operations["createAgent"];
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
        delete: operations["deleteAgent"];
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
        /** List the agent's unexpired placeholders with their policies, newest first */
        get: operations["listPlaceholders"];
        put?: never;
        /**
         * Issue a placeholder (pb_secret_<uuid>) for a connection (default TTL 24 h)
         * @description Optional policy, fixed for the placeholder's life: `allow` (method and path rules; anything else answers 403 SECRET_PROXY.NOT_ALLOWED) and `approval` (calls it covers wait for the approver's click in Slack). Bad rules answer 400 REQUEST.INVALID; an approval's integration or connection outside the org 404; a connection with no chat API 400 INTERACTION.NO_CHAT_API.
         */
        post: operations["createPlaceholder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/agents/{agentId}/placeholders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a placeholder: refused (403) by every process within 1 s */
        delete: operations["deletePlaceholder"];
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
        /** List the agent's worker tokens (never the tokens themselves), newest first */
        get: operations["listWorkerTokens"];
        put?: never;
        /** Issue a worker token (pbw_…, shown once; default TTL 2 h) */
        post: operations["createWorkerToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/agents/{agentId}/worker-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a worker token: refused (401) by every process within 1 s */
        delete: operations["deleteWorkerToken"];
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
        post: operations["createApiKey"];
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
        delete: operations["deleteApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List audit entries, newest first; Accept: application/x-ndjson streams every match
         * @description With `Accept: application/x-ndjson` the answer is every matching entry, one JSON object per line, newest first (`limit` does not apply; `cursor` starts the export where a page left off).
         */
        get: operations["listAuditEntries"];
        put?: never;
        post?: never;
        delete?: never;
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
        get: operations["listConnections"];
        put?: never;
        /** Import tokens, or obtain a client_credentials token */
        post: operations["createConnection"];
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
        get: operations["getConnection"];
        put?: never;
        post?: never;
        /** Delete a connection */
        delete: operations["deleteConnection"];
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
        post: operations["issueAccessToken"];
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
        post: operations["refreshConnection"];
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
        post: operations["authorizeConnection"];
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
        get: operations["listConversations"];
        /** Bind an external conversation to an internal conversation id */
        put: operations["mapConversation"];
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
        get: operations["listDeliveries"];
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
        /** Read a delivery; ?include=payload adds the payload as received */
        get: operations["getDelivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/ingress/deliveries/{id}/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the attempts of a delivery, oldest first */
        get: operations["listDeliveryAttempts"];
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
        post: operations["redriveDeliveries"];
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
        get: operations["listIntegrations"];
        put?: never;
        /** Create an integration; deliverySecret is shown once */
        post: operations["createIntegration"];
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
        get: operations["getIntegration"];
        put?: never;
        post?: never;
        /** Delete an integration */
        delete: operations["deleteIntegration"];
        options?: never;
        head?: never;
        /** Enable/disable or edit an integration; ENABLED redrives its parked deliveries */
        patch: operations["updateIntegration"];
        trace?: never;
    };
    "/v1/orgs/{orgId}/integrations/{id}/deliveries/ack": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ack pulled deliveries by leaseId: they are DELIVERED */
        post: operations["ackDeliveries"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/integrations/{id}/deliveries/pull": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pull deliveries of a pull-mode integration under a lease (long poll with waitSeconds) */
        post: operations["pullDeliveries"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
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
        post: operations["redriveParked"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/integrations/{id}/rotate-delivery-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the delivery secret; the new one is shown once, the old one keeps signing for 24 h */
        post: operations["rotateDeliverySecret"];
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
        /** List interactions (questions and approvals), newest first */
        get: operations["listInteractions"];
        put?: never;
        /**
         * Ask a human: store the question and post it to the chat with one button per option
         * @description The connection's provider must have an apiBaseUrl (400 INTERACTION.NO_CHAT_API otherwise: no host is ever guessed). An id that names an approval the secret proxy asked answers 409 INTERACTION.ID_IN_USE.
         */
        post: operations["createInteraction"];
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
        get: operations["getInteraction"];
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
        /**
         * Answer an interaction; exactly one answer wins
         * @description An approval (kind approval) takes only Approve or Deny (400 otherwise); Approve forwards the request held for it, once. A question's answer is stored with its delivery to the agent, together or not at all: 503 INTERACTION.ANSWER_NOT_STORED (with Retry-After) leaves the interaction open.
         */
        post: operations["answerInteraction"];
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
        get: operations["listProviders"];
        put?: never;
        /** Configure an OAuth provider (app) for the org; the client secret is never returned */
        post: operations["createProvider"];
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
        get: operations["getProvider"];
        put?: never;
        post?: never;
        /** Delete a provider and its connections */
        delete: operations["deleteProvider"];
        options?: never;
        head?: never;
        /**
         * Update a provider
         * @description A change of authorizeUrl, tokenUrl or apiBaseUrl must carry clientSecret again (400 PROVIDER.SECRET_REQUIRED otherwise).
         */
        patch: operations["updateProvider"];
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
        AckDeliveriesRequestDto: {
            /** @description leaseId of each delivery handled */
            leaseIds: string[];
        };
        AckDeliveriesResponseDto: {
            /** @description How many of the leases are acked (acking again changes nothing and counts again) */
            acked: number;
        };
        AgentListResponseDto: {
            items: components["schemas"]["AgentResponseDto"][];
            nextCursor: string | null;
        };
        AgentResponseDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            name: string;
        };
        AllowRuleDto: {
            /**
             * @description case-insensitive
             * @example [
             *       "GET",
             *       "POST"
             *     ]
             */
            methods: ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS")[];
            /**
             * @description the decoded path after /proxy/:provider, without the query; `*` matches one segment, `**` any number
             * @example /conversations.history
             */
            path: string;
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
        ApprovalPolicyDto: {
            /**
             * @description the chat user who may approve (Slack user id)
             * @example U0MANAGER
             */
            approverUserId: string;
            /**
             * @description chat channel id
             * @example C0FINANCE
             */
            channel: string;
            /**
             * Format: uuid
             * @description the Slack connection that posts the approval
             */
            connectionId: string;
            /**
             * Format: uuid
             * @description the Slack integration whose ingress receives the button clicks
             */
            integrationId: string;
            /** @description methods that wait for approval; default every method but GET, HEAD and OPTIONS */
            methods?: ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS")[];
            /**
             * @description paths that wait for approval (default all); the decoded path after /proxy/:provider, without the query; `*` matches one segment, `**` any number. Matched generously: case, trailing slashes and ;parameters are ignored
             * @example [
             *       "/chat.postMessage"
             *     ]
             */
            paths?: string[];
            /** @default 120 */
            timeoutSeconds?: number;
        };
        ApprovalPolicyResponseDto: {
            approverUserId: string;
            channel: string;
            /** Format: uuid */
            connectionId: string;
            /** Format: uuid */
            integrationId: string;
            methods: ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS")[];
            /** @description null: every path */
            paths: string[] | null;
            timeoutSeconds: number;
        };
        AuditActorDto: {
            /** @description the agent’s or API key’s id; null for the operator and the system */
            id: string | null;
            /**
             * @description agent: through its worker token; apiKey: an org key; operator; system: plugboard itself
             * @enum {string}
             */
            type: "agent" | "apiKey" | "operator" | "system";
        };
        AuditEntryResponseDto: {
            /** @enum {string} */
            action: "proxy.request" | "access_token.issued" | "placeholder.created" | "placeholder.deleted" | "worker_token.created" | "worker_token.deleted" | "connection.status_changed" | "connection.deleted" | "approval.requested" | "approval.answered";
            actor: components["schemas"]["AuditActorDto"];
            /** Format: uuid */
            agentId: string | null;
            /** Format: date-time */
            at: string;
            /**
             * @description a refusal’s error code, or the new status and reason of a connection
             * @example SECRET_PROXY.NOT_ALLOWED
             */
            code: string | null;
            /** Format: uuid */
            connectionId: string | null;
            /** @description how long the request took */
            durationMs: number | null;
            /** Format: uuid */
            id: string;
            /** @example POST */
            method: string | null;
            /** Format: uuid */
            orgId: string;
            /**
             * @description the request path without its query
             * @example /proxy/slack/chat.postMessage
             */
            path: string | null;
            /** @description the x-request-id of the request that caused the entry; null when none did */
            requestId: string | null;
            /**
             * @description the HTTP status answered
             * @example 200
             */
            status: number | null;
        };
        AuditPageDto: {
            items: components["schemas"]["AuditEntryResponseDto"][];
            nextCursor: string | null;
        };
        AuthorizeRequestDto: {
            /** @description reconnect this connection instead of creating a new one */
            connectionId?: string;
            /**
             * @description values of the provider's URL parameters (its catalog entry's `params`), each [A-Za-z0-9-]{1,63}
             * @example {
             *       "shop": "acme"
             *     }
             */
            params?: {
                [key: string]: string;
            };
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
        CatalogProviderDto: {
            /** @description null when each connection brings its own (from the token answer) */
            apiBaseUrl: string | null;
            authorizeUrl: string;
            defaultScopes: string[];
            /** @description the provider's own OAuth documentation */
            docsUrl: string;
            /** @enum {string} */
            errorStyle: "standard" | "slack";
            /** @example Google */
            name: string;
            /**
             * @description per-connection values the template's URLs contain ({shop}); give them as `params`
             * @example [
             *       "shop"
             *     ]
             */
            params: string[];
            /** @description what plugboard does for this provider, one sentence each */
            quirks: string[];
            /**
             * @description the value of `template` on provider create
             * @example google
             */
            template: string;
            /** @enum {string} */
            tokenAuthMethod: "client_secret_post" | "client_secret_basic" | "none";
            tokenUrl: string;
            usePkce: boolean;
        };
        CatalogResponseDto: {
            items: components["schemas"]["CatalogProviderDto"][];
        };
        ClientMetadataDocumentDto: {
            /** @example https://plugboard.example.com/oauth/client-metadata.json */
            client_id: string;
            client_name: string;
            client_uri: string;
            grant_types: string[];
            redirect_uris: string[];
            response_types: string[];
            /** @enum {string} */
            token_endpoint_auth_method: "none";
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
            /** @description values of the provider's URL parameters for this connection (e.g. {shop}) */
            params: {
                [key: string]: string;
            } | null;
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
             * @description values of the provider's URL parameters (its catalog entry's `params`), each [A-Za-z0-9-]{1,63}
             * @example {
             *       "shop": "acme"
             *     }
             */
            params?: {
                [key: string]: string;
            };
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
            /** @enum {string} */
            deliveryMode: "push" | "pull";
            /**
             * @description signs outbound deliveries; shown once
             * @example whsec_…
             */
            deliverySecret: string;
            /** @description null in pull mode */
            deliveryUrl: string | null;
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
            /**
             * Format: date-time
             * @description After a rotation: until then deliveries are signed by the replaced secret too
             */
            previousDeliverySecretExpiresAt: string | null;
            /** @description pull mode: agents whose worker tokens may pull */
            pullAgentIds: string[];
            /** @enum {string} */
            status: "ENABLED" | "DISABLED" | "ERROR" | "NEEDS_CONFIG" | "PROCESSING";
            /** Format: date-time */
            statusChangedAt: string;
            statusReason: string | null;
            /** Format: date-time */
            updatedAt: string;
            /**
             * @description What to fix before deliveries can succeed, e.g. a deliveryUrl plugboard may not reach
             * @example []
             */
            warnings: string[];
        };
        CreateIntegrationRequestDto: {
            config?: {
                [key: string]: unknown;
            };
            connectionIds?: string[];
            /**
             * @description push: POST to deliveryUrl; pull: the agent pulls its deliveries (no public URL needed)
             * @default push
             * @enum {string}
             */
            deliveryMode?: "push" | "pull";
            /**
             * @description where deliveries are POSTed; required in push mode, absent in pull mode
             * @example https://agents.example.com/hooks
             */
            deliveryUrl?: string;
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
            onError?: "park" | "discard";
            /** @example slack */
            plugin: string;
            /** @description pull mode: agents whose worker tokens may pull (an org key always may) */
            pullAgentIds?: string[];
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
            /** @description when set, a proxied call that matches no rule answers 403 SECRET_PROXY.NOT_ALLOWED and nothing is sent; an empty list allows nothing */
            allow?: components["schemas"]["AllowRuleDto"][];
            /** @description calls it covers are held until the approver answers in Slack: Approve forwards exactly the held request once; Deny answers 403 SECRET_PROXY.DENIED; no answer in time 403 SECRET_PROXY.APPROVAL_TIMEOUT */
            approval?: components["schemas"]["ApprovalPolicyDto"];
            /** Format: uuid */
            connectionId: string;
            /** @default 86400 */
            ttlSeconds?: number;
        };
        CreateProviderRequestDto: {
            /**
             * @description base URL the secret proxy forwards to
             * @example https://slack.com/api
             */
            apiBaseUrl?: string;
            /**
             * @description required for authorization_code (filled from the template when one is given)
             * @example https://slack.com/oauth/v2/authorize
             */
            authorizeUrl?: string;
            /** @description required unless template is mcp (then the registration gives it) */
            clientId?: string;
            /** @description stored encrypted; never returned */
            clientSecret?: string;
            /**
             * @description slack: HTTP 200 {ok:false} is a failure
             * @default standard
             * @enum {string}
             */
            errorStyle?: "standard" | "slack";
            /**
             * @default authorization_code
             * @enum {string}
             */
            grantType?: "authorization_code" | "client_credentials";
            /**
             * @description unique per org; connections name their provider by it
             * @example slack
             */
            key: string;
            /**
             * @description template mcp: the MCP server's URL; its authorization server is discovered and registered with
             * @example https://mcp.example.com/mcp
             */
            mcpServerUrl?: string;
            /**
             * @description default: the template's defaultScopes
             * @example [
             *       "chat:write"
             *     ]
             */
            scopes?: string[];
            /**
             * @description a catalog template (GET /v1/catalog/providers) that fills every field not given here, or `mcp` to discover an MCP server (with mcpServerUrl)
             * @example slack
             */
            template?: string;
            /**
             * @default client_secret_post
             * @enum {string}
             */
            tokenAuthMethod?: "client_secret_post" | "client_secret_basic" | "none";
            /**
             * @description required unless a template gives it
             * @example https://slack.com/api/oauth.v2.access
             */
            tokenUrl?: string;
            /** @default true */
            usePkce?: boolean;
        };
        CreateWorkerTokenRequestDto: {
            /** @default 7200 */
            ttlSeconds?: number;
        };
        DeliveryAttemptDto: {
            /**
             * @description The attempt’s number; it keeps counting across redrives
             * @example 1
             */
            attempt: number;
            /** @description How long the receiver took; null for attempts recorded before this was kept */
            durationMs: number | null;
            /** @example receiver answered HTTP 503 */
            error: string | null;
            /**
             * @description What came of it
             * @enum {string}
             */
            outcome: "delivered" | "retry" | "dead";
            /** @description At most 1 KiB of the receiver’s answer */
            responseSnippet: string | null;
            /** Format: date-time */
            startedAt: string;
            /** @description The receiver’s HTTP status; null when it never answered */
            statusCode: number | null;
        };
        DeliveryAttemptListResponseDto: {
            /** @description Oldest first */
            items: components["schemas"]["DeliveryAttemptDto"][];
        };
        DeliveryDetailResponseDto: {
            /** @description POSTs made (push) or leases given (pull) so far, every round included */
            attempts: number;
            /** Format: uuid */
            conversationId: string | null;
            /** Format: uuid */
            id: string;
            instanceId: string;
            /** Format: uuid */
            integrationId: string;
            lastError: string | null;
            /**
             * Format: date-time
             * @description When the next attempt is due (a retry waiting out its backoff); null once finished
             */
            nextAttemptAt: string | null;
            /**
             * @description The payload as received: JSON parsed, a form body as an object (Slack’s payload= unwrapped), anything else as text; only with ?include=payload
             * @example {
             *       "action": "opened",
             *       "issue": {
             *         "number": 1347
             *       }
             *     }
             */
            payload?: {
                [key: string]: unknown;
            } | ({
                [key: string]: unknown;
            } | string | number | boolean)[] | string | number | boolean;
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
        DeliveryListResponseDto: {
            items: components["schemas"]["DeliveryResponseDto"][];
            nextCursor: string | null;
        };
        DeliveryResponseDto: {
            /** @description POSTs made (push) or leases given (pull) so far, every round included */
            attempts: number;
            /** Format: uuid */
            conversationId: string | null;
            /** Format: uuid */
            id: string;
            instanceId: string;
            /** Format: uuid */
            integrationId: string;
            lastError: string | null;
            /**
             * Format: date-time
             * @description When the next attempt is due (a retry waiting out its backoff); null once finished
             */
            nextAttemptAt: string | null;
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
        /** @description Every error answer. The same requestId is in the x-request-id header and the log line. */
        ErrorBody: {
            error: {
                /**
                 * @description MODULE.REASON
                 * @example INTEGRATION.NOT_FOUND
                 */
                code: string;
                /**
                 * @description For people; never a secret
                 * @example Integration not found
                 */
                message: string;
                /** @example 5f0c6c1e-8a0a-4a53-9d0c-2f1f7c1f2b11 */
                requestId: string;
            };
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
            /** @enum {string} */
            deliveryMode: "push" | "pull";
            /** @description null in pull mode */
            deliveryUrl: string | null;
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
            /**
             * Format: date-time
             * @description After a rotation: until then deliveries are signed by the replaced secret too
             */
            previousDeliverySecretExpiresAt: string | null;
            /** @description pull mode: agents whose worker tokens may pull */
            pullAgentIds: string[];
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
            /** @description the chosen option; for an approval plugboard closed itself: `timeout` (no answer in time) or `abandoned` (the worker disconnected while its request was held), with answeredBy null and status EXPIRED */
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
            /**
             * @description approval: asked by the secret proxy for a held request (options Approve / Deny)
             * @enum {string}
             */
            kind: "question" | "approval";
            options: string[];
            question: string;
            /** @enum {string} */
            status: "PENDING" | "ANSWERED" | "EXPIRED";
        };
        IssuedWorkerTokenResponseDto: {
            /** Format: uuid */
            agentId: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: uuid */
            id: string;
            /**
             * Format: date-time
             * @description Last proxied request authenticated with it (written behind requests, up to ~1 s late)
             */
            lastUsedAt: string | null;
            /**
             * @description The worker token, shown once; only its hash is stored
             * @example pbw_…
             */
            token: string;
        };
        OperatorCallerDto: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "operator";
        };
        OrgCallerDto: {
            /**
             * Format: uuid
             * @description The API key presented
             */
            keyId: string;
            /**
             * Format: uuid
             * @description The org the key belongs to
             */
            orgId: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "org";
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
        PlaceholderPageDto: {
            items: components["schemas"]["PlaceholderSummaryResponseDto"][];
            nextCursor: string | null;
        };
        PlaceholderResponseDto: {
            /** Format: uuid */
            agentId: string;
            /** @description null: every method and path */
            allow: components["schemas"]["AllowRuleDto"][] | null;
            /** @description null: nothing waits for approval */
            approval: components["schemas"]["ApprovalPolicyResponseDto"] | null;
            /** Format: uuid */
            connectionId: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string;
            /**
             * Format: uuid
             * @description DELETE …/placeholders/:id takes it
             */
            id: string;
            /**
             * @description Put it where the secret goes (shown once)
             * @example pb_secret_6f1c…
             */
            placeholder: string;
        };
        PlaceholderSummaryResponseDto: {
            /** Format: uuid */
            agentId: string;
            /** @description null: every method and path */
            allow: components["schemas"]["AllowRuleDto"][] | null;
            /** @description null: nothing waits for approval */
            approval: components["schemas"]["ApprovalPolicyResponseDto"] | null;
            /** Format: uuid */
            connectionId: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string;
            /**
             * @description the last four characters of the placeholder
             * @example …3a4b
             */
            hint: string;
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
            /** @description RFC 8707 resource sent on authorize, token and refresh (an MCP server) */
            resource: string | null;
            scopes: string[];
            /** @description the catalog template it was created from (its quirks apply), `mcp`, or null */
            template: string | null;
            /** @enum {string} */
            tokenAuthMethod: "client_secret_post" | "client_secret_basic" | "none";
            tokenUrl: string;
            updatedAt: string;
            usePkce: boolean;
        };
        PullDeliveriesRequestDto: {
            /**
             * @description Ack within this long, or the delivery becomes pullable again (same deliveryId)
             * @default 60
             */
            leaseSeconds?: number;
            /**
             * @description At most this many deliveries
             * @default 10
             */
            max?: number;
            /**
             * @description Long poll: with nothing to pull, wait up to this long for the first delivery
             * @default 0
             */
            waitSeconds?: number;
        };
        PullDeliveriesResponseDto: {
            /** @description Oldest first; empty when nothing came within waitSeconds */
            items: components["schemas"]["PulledDeliveryDto"][];
        };
        PulledDeliveryDto: {
            /**
             * @description Exactly what a push would POST: {type:"ingress.delivery",deliveryId,…,payload} or {type:"interaction.answered",…}
             * @example {
             *       "type": "ingress.delivery",
             *       "deliveryId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
             *       "route": "events",
             *       "payload": {}
             *     }
             */
            body: {
                [key: string]: unknown;
            };
            /** Format: uuid */
            deliveryId: string;
            /** @description The Standard Webhooks headers a push would carry, signed over the body serialised as compact JSON (JSON.stringify): forward both as they are and the receiver verifies with its delivery secret */
            headers: components["schemas"]["PulledDeliveryHeadersDto"];
            /** Format: date-time */
            leaseExpiresAt: string;
            /**
             * Format: uuid
             * @description Ack with this; a new lease (a redelivery) has a new id
             */
            leaseId: string;
        };
        PulledDeliveryHeadersDto: {
            /** @enum {string} */
            "content-type": "application/json";
            /** @description The delivery id */
            "webhook-id": string;
            /**
             * @description Signatures by the delivery secret (both secrets during a rotation’s overlap), space-separated
             * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
             */
            "webhook-signature": string;
            /**
             * @description When the pull signed it (Unix seconds)
             * @example 1767225600
             */
            "webhook-timestamp": string;
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
        RedriveDeliveriesRequestDto: {
            /** @description DEAD deliveries to replay */
            deliveryIds?: string[];
            /**
             * Format: uuid
             * @description with status: only this integration’s DEAD deliveries
             */
            integrationId?: string;
            /**
             * @description replay the org’s DEAD deliveries, up to 500 per call (call again while remaining > 0)
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
            /**
             * @description Matching deliveries still DEAD after this call (replays that failed included): call again while it is above 0
             * @example 0
             */
            remaining: number;
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
        RotatedDeliverySecretResponseDto: {
            /**
             * @description The new secret; shown once
             * @example whsec_…
             */
            deliverySecret: string;
            /**
             * Format: date-time
             * @description Until then deliveries carry a signature by the replaced secret as well
             */
            previousDeliverySecretExpiresAt: string;
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
            /** @description time spent yielding between full batches (`SWEEP_PAUSE_PERCENT` of each batch), part of `durationMs` */
            pausedMs: number;
            /** @description false when another replica was sweeping and this call did nothing */
            ran: boolean;
            /**
             * @description what the run healed of lost credential events: `connections`, INVALID connections whose ENABLED integrations were moved to ERROR; `integrationsRestored`, ERROR or DISABLED integrations moved back to ENABLED because their connection was re-authorized (over a minute ago) after their status was set
             * @example {
             *       "connections": 0,
             *       "integrationsRestored": 0
             *     }
             */
            reconciled?: {
                connections: number;
                integrationsRestored: number;
            };
            /** @description tables that hit the per-run cap and drain next run */
            remaining: string[];
        };
        UpdateIntegrationRequestDto: {
            config?: {
                [key: string]: unknown;
            };
            /** @description push mode only */
            deliveryUrl?: string;
            name?: string;
            /** @description pull mode only: the agents whose worker tokens may pull (replaces the list) */
            pullAgentIds?: string[];
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
            tokenAuthMethod?: "client_secret_post" | "client_secret_basic" | "none";
            tokenUrl?: string;
            usePkce?: boolean;
        };
        WorkerTokenPageDto: {
            items: components["schemas"]["WorkerTokenResponseDto"][];
            nextCursor: string | null;
        };
        WorkerTokenResponseDto: {
            /** Format: uuid */
            agentId: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: uuid */
            id: string;
            /**
             * Format: date-time
             * @description Last proxied request authenticated with it (written behind requests, up to ~1 s late)
             */
            lastUsedAt: string | null;
        };
    };
    responses: {
        /** @description Invalid input (REQUEST.INVALID): the failing fields are in the message */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "REQUEST.INVALID",
                 *         "message": "name must be a string",
                 *         "requestId": "5f0c6c1e-8a0a-4a53-9d0c-2f1f7c1f2b11"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description An org key on an operator-only route (AUTH.FORBIDDEN) */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "AUTH.FORBIDDEN",
                 *         "message": "This route needs the operator key",
                 *         "requestId": "5f0c6c1e-8a0a-4a53-9d0c-2f1f7c1f2b11"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description Unexpected failure (INTERNAL.ERROR); the requestId finds the log line */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "INTERNAL.ERROR",
                 *         "message": "Internal error",
                 *         "requestId": "5f0c6c1e-8a0a-4a53-9d0c-2f1f7c1f2b11"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description No such resource; another org's resource answers the same (MODULE.NOT_FOUND) */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "ORG.NOT_FOUND",
                 *         "message": "Organization not found",
                 *         "requestId": "5f0c6c1e-8a0a-4a53-9d0c-2f1f7c1f2b11"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description Over a rate limit (REQUEST.RATE_LIMITED), with Retry-After */
        RateLimited: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "REQUEST.RATE_LIMITED",
                 *         "message": "Too many requests",
                 *         "requestId": "5f0c6c1e-8a0a-4a53-9d0c-2f1f7c1f2b11"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description A dependency is unavailable (DATABASE.UNAVAILABLE and others), with Retry-After */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "DATABASE.UNAVAILABLE",
                 *         "message": "Database unavailable, try again",
                 *         "requestId": "5f0c6c1e-8a0a-4a53-9d0c-2f1f7c1f2b11"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description Missing or unknown key (AUTH.UNAUTHENTICATED) */
        Unauthenticated: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "AUTH.UNAUTHENTICATED",
                 *         "message": "Missing or invalid API key",
                 *         "requestId": "5f0c6c1e-8a0a-4a53-9d0c-2f1f7c1f2b11"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    checkLiveness: {
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
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    checkReadiness: {
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
            400: components["responses"]["BadRequest"];
            500: components["responses"]["InternalError"];
            /** @description The Health Check is not successful */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    receiveWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The integration's instance id
                 * @example acme-main
                 */
                instanceId: string;
                /**
                 * @description The integration's plugin slug
                 * @example github
                 */
                pluginId: string;
                /**
                 * @description Any route name the provider is configured with; delivered as `route`
                 * @example events
                 */
                route: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
                "application/x-www-form-urlencoded": Record<string, never>;
                "text/plain": string;
            };
        };
        responses: {
            /** @description A repeat of a stored delivery (`duplicate: true`), or a Slack url_verification challenge */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        deliveryId: string;
                        duplicate: boolean;
                    };
                };
            };
            /** @description Stored durably, new */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        deliveryId: string;
                        duplicate: boolean;
                    };
                };
            };
            /** @description REQUEST.INVALID: a body that cannot be stored (NUL, invalid UTF-8, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INGRESS.BAD_SIGNATURE */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INGRESS.UNKNOWN_INTEGRATION */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description REQUEST.TOO_LARGE: over INGRESS_MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description INGRESS.NOT_STORED, DATABASE.UNAVAILABLE: nothing stored, retry */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getMetrics: {
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
                    "text/plain": string;
                };
            };
            400: components["responses"]["BadRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    handleOAuthCallback: {
        parameters: {
            query?: {
                /** @description The provider's authorization code */
                code?: string;
                /** @description e.g. access_denied */
                error?: string;
                /** @description The state from authorize */
                state?: string;
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
            400: components["responses"]["BadRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    clientMetadata: {
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
                    "application/json": components["schemas"]["ClientMetadataDocumentDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    proxyGetRoot: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. Bearer pb_secret_<uuid> (the placeholder may sit in another credential header) */
                Authorization?: string;
            };
            path: {
                /**
                 * @description The provider's key; the placeholder's connection must use it
                 * @example slack
                 */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (any status; redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED; SECRET_PROXY.NOT_ALLOWED (outside the placeholder's allow rules); SECRET_PROXY.DENIED / SECRET_PROXY.APPROVAL_TIMEOUT (a held request was denied, or not answered in time; SECRET_PROXY.APPROVAL_ABANDONED is what the audit records when the worker disconnected while held, and the approval shows answer `abandoned`, status EXPIRED). Nothing was sent upstream */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: components["responses"]["NotFound"];
            /** @description CONNECTION.INVALID, SECRET_PROXY.NO_API_BASE_URL */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description REQUEST.TOO_LARGE: a request held for approval has a body over INGRESS_MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description SECRET_PROXY.UPSTREAM_UNREACHABLE; INTERACTION.POST_FAILED (the approval could not be posted to the chat; nothing was sent) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED, SECRET_PROXY.PLACEHOLDER_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    proxyPutRoot: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. Bearer pb_secret_<uuid> (the placeholder may sit in another credential header) */
                Authorization?: string;
            };
            path: {
                /**
                 * @description The provider's key; the placeholder's connection must use it
                 * @example slack
                 */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (any status; redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED; SECRET_PROXY.NOT_ALLOWED (outside the placeholder's allow rules); SECRET_PROXY.DENIED / SECRET_PROXY.APPROVAL_TIMEOUT (a held request was denied, or not answered in time; SECRET_PROXY.APPROVAL_ABANDONED is what the audit records when the worker disconnected while held, and the approval shows answer `abandoned`, status EXPIRED). Nothing was sent upstream */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: components["responses"]["NotFound"];
            /** @description CONNECTION.INVALID, SECRET_PROXY.NO_API_BASE_URL */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description REQUEST.TOO_LARGE: a request held for approval has a body over INGRESS_MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description SECRET_PROXY.UPSTREAM_UNREACHABLE; INTERACTION.POST_FAILED (the approval could not be posted to the chat; nothing was sent) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED, SECRET_PROXY.PLACEHOLDER_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    proxyPostRoot: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. Bearer pb_secret_<uuid> (the placeholder may sit in another credential header) */
                Authorization?: string;
            };
            path: {
                /**
                 * @description The provider's key; the placeholder's connection must use it
                 * @example slack
                 */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (any status; redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED; SECRET_PROXY.NOT_ALLOWED (outside the placeholder's allow rules); SECRET_PROXY.DENIED / SECRET_PROXY.APPROVAL_TIMEOUT (a held request was denied, or not answered in time; SECRET_PROXY.APPROVAL_ABANDONED is what the audit records when the worker disconnected while held, and the approval shows answer `abandoned`, status EXPIRED). Nothing was sent upstream */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: components["responses"]["NotFound"];
            /** @description CONNECTION.INVALID, SECRET_PROXY.NO_API_BASE_URL */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description REQUEST.TOO_LARGE: a request held for approval has a body over INGRESS_MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description SECRET_PROXY.UPSTREAM_UNREACHABLE; INTERACTION.POST_FAILED (the approval could not be posted to the chat; nothing was sent) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED, SECRET_PROXY.PLACEHOLDER_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    proxyDeleteRoot: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. Bearer pb_secret_<uuid> (the placeholder may sit in another credential header) */
                Authorization?: string;
            };
            path: {
                /**
                 * @description The provider's key; the placeholder's connection must use it
                 * @example slack
                 */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (any status; redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED; SECRET_PROXY.NOT_ALLOWED (outside the placeholder's allow rules); SECRET_PROXY.DENIED / SECRET_PROXY.APPROVAL_TIMEOUT (a held request was denied, or not answered in time; SECRET_PROXY.APPROVAL_ABANDONED is what the audit records when the worker disconnected while held, and the approval shows answer `abandoned`, status EXPIRED). Nothing was sent upstream */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: components["responses"]["NotFound"];
            /** @description CONNECTION.INVALID, SECRET_PROXY.NO_API_BASE_URL */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description REQUEST.TOO_LARGE: a request held for approval has a body over INGRESS_MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description SECRET_PROXY.UPSTREAM_UNREACHABLE; INTERACTION.POST_FAILED (the approval could not be posted to the chat; nothing was sent) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED, SECRET_PROXY.PLACEHOLDER_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    proxyOptionsRoot: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. Bearer pb_secret_<uuid> (the placeholder may sit in another credential header) */
                Authorization?: string;
            };
            path: {
                /**
                 * @description The provider's key; the placeholder's connection must use it
                 * @example slack
                 */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (any status; redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED; SECRET_PROXY.NOT_ALLOWED (outside the placeholder's allow rules); SECRET_PROXY.DENIED / SECRET_PROXY.APPROVAL_TIMEOUT (a held request was denied, or not answered in time; SECRET_PROXY.APPROVAL_ABANDONED is what the audit records when the worker disconnected while held, and the approval shows answer `abandoned`, status EXPIRED). Nothing was sent upstream */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: components["responses"]["NotFound"];
            /** @description CONNECTION.INVALID, SECRET_PROXY.NO_API_BASE_URL */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description REQUEST.TOO_LARGE: a request held for approval has a body over INGRESS_MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description SECRET_PROXY.UPSTREAM_UNREACHABLE; INTERACTION.POST_FAILED (the approval could not be posted to the chat; nothing was sent) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED, SECRET_PROXY.PLACEHOLDER_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    proxyPatchRoot: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. Bearer pb_secret_<uuid> (the placeholder may sit in another credential header) */
                Authorization?: string;
            };
            path: {
                /**
                 * @description The provider's key; the placeholder's connection must use it
                 * @example slack
                 */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (any status; redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED; SECRET_PROXY.NOT_ALLOWED (outside the placeholder's allow rules); SECRET_PROXY.DENIED / SECRET_PROXY.APPROVAL_TIMEOUT (a held request was denied, or not answered in time; SECRET_PROXY.APPROVAL_ABANDONED is what the audit records when the worker disconnected while held, and the approval shows answer `abandoned`, status EXPIRED). Nothing was sent upstream */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: components["responses"]["NotFound"];
            /** @description CONNECTION.INVALID, SECRET_PROXY.NO_API_BASE_URL */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description REQUEST.TOO_LARGE: a request held for approval has a body over INGRESS_MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description SECRET_PROXY.UPSTREAM_UNREACHABLE; INTERACTION.POST_FAILED (the approval could not be posted to the chat; nothing was sent) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED, SECRET_PROXY.PLACEHOLDER_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    proxyGet: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. Bearer pb_secret_<uuid> (the placeholder may sit in another credential header) */
                Authorization?: string;
            };
            path: {
                /**
                 * @description Path below the provider's apiBaseUrl (may contain '/')
                 * @example chat.postMessage
                 */
                path: string;
                /**
                 * @description The provider's key; the placeholder's connection must use it
                 * @example slack
                 */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (any status; redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED; SECRET_PROXY.NOT_ALLOWED (outside the placeholder's allow rules); SECRET_PROXY.DENIED / SECRET_PROXY.APPROVAL_TIMEOUT (a held request was denied, or not answered in time; SECRET_PROXY.APPROVAL_ABANDONED is what the audit records when the worker disconnected while held, and the approval shows answer `abandoned`, status EXPIRED). Nothing was sent upstream */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: components["responses"]["NotFound"];
            /** @description CONNECTION.INVALID, SECRET_PROXY.NO_API_BASE_URL */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description REQUEST.TOO_LARGE: a request held for approval has a body over INGRESS_MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description SECRET_PROXY.UPSTREAM_UNREACHABLE; INTERACTION.POST_FAILED (the approval could not be posted to the chat; nothing was sent) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED, SECRET_PROXY.PLACEHOLDER_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    proxyPut: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. Bearer pb_secret_<uuid> (the placeholder may sit in another credential header) */
                Authorization?: string;
            };
            path: {
                /**
                 * @description Path below the provider's apiBaseUrl (may contain '/')
                 * @example chat.postMessage
                 */
                path: string;
                /**
                 * @description The provider's key; the placeholder's connection must use it
                 * @example slack
                 */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (any status; redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED; SECRET_PROXY.NOT_ALLOWED (outside the placeholder's allow rules); SECRET_PROXY.DENIED / SECRET_PROXY.APPROVAL_TIMEOUT (a held request was denied, or not answered in time; SECRET_PROXY.APPROVAL_ABANDONED is what the audit records when the worker disconnected while held, and the approval shows answer `abandoned`, status EXPIRED). Nothing was sent upstream */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: components["responses"]["NotFound"];
            /** @description CONNECTION.INVALID, SECRET_PROXY.NO_API_BASE_URL */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description REQUEST.TOO_LARGE: a request held for approval has a body over INGRESS_MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description SECRET_PROXY.UPSTREAM_UNREACHABLE; INTERACTION.POST_FAILED (the approval could not be posted to the chat; nothing was sent) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED, SECRET_PROXY.PLACEHOLDER_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    proxyPost: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. Bearer pb_secret_<uuid> (the placeholder may sit in another credential header) */
                Authorization?: string;
            };
            path: {
                /**
                 * @description Path below the provider's apiBaseUrl (may contain '/')
                 * @example chat.postMessage
                 */
                path: string;
                /**
                 * @description The provider's key; the placeholder's connection must use it
                 * @example slack
                 */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (any status; redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED; SECRET_PROXY.NOT_ALLOWED (outside the placeholder's allow rules); SECRET_PROXY.DENIED / SECRET_PROXY.APPROVAL_TIMEOUT (a held request was denied, or not answered in time; SECRET_PROXY.APPROVAL_ABANDONED is what the audit records when the worker disconnected while held, and the approval shows answer `abandoned`, status EXPIRED). Nothing was sent upstream */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: components["responses"]["NotFound"];
            /** @description CONNECTION.INVALID, SECRET_PROXY.NO_API_BASE_URL */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description REQUEST.TOO_LARGE: a request held for approval has a body over INGRESS_MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description SECRET_PROXY.UPSTREAM_UNREACHABLE; INTERACTION.POST_FAILED (the approval could not be posted to the chat; nothing was sent) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED, SECRET_PROXY.PLACEHOLDER_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    proxyDelete: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. Bearer pb_secret_<uuid> (the placeholder may sit in another credential header) */
                Authorization?: string;
            };
            path: {
                /**
                 * @description Path below the provider's apiBaseUrl (may contain '/')
                 * @example chat.postMessage
                 */
                path: string;
                /**
                 * @description The provider's key; the placeholder's connection must use it
                 * @example slack
                 */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (any status; redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED; SECRET_PROXY.NOT_ALLOWED (outside the placeholder's allow rules); SECRET_PROXY.DENIED / SECRET_PROXY.APPROVAL_TIMEOUT (a held request was denied, or not answered in time; SECRET_PROXY.APPROVAL_ABANDONED is what the audit records when the worker disconnected while held, and the approval shows answer `abandoned`, status EXPIRED). Nothing was sent upstream */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: components["responses"]["NotFound"];
            /** @description CONNECTION.INVALID, SECRET_PROXY.NO_API_BASE_URL */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description REQUEST.TOO_LARGE: a request held for approval has a body over INGRESS_MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description SECRET_PROXY.UPSTREAM_UNREACHABLE; INTERACTION.POST_FAILED (the approval could not be posted to the chat; nothing was sent) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED, SECRET_PROXY.PLACEHOLDER_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    proxyOptions: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. Bearer pb_secret_<uuid> (the placeholder may sit in another credential header) */
                Authorization?: string;
            };
            path: {
                /**
                 * @description Path below the provider's apiBaseUrl (may contain '/')
                 * @example chat.postMessage
                 */
                path: string;
                /**
                 * @description The provider's key; the placeholder's connection must use it
                 * @example slack
                 */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (any status; redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED; SECRET_PROXY.NOT_ALLOWED (outside the placeholder's allow rules); SECRET_PROXY.DENIED / SECRET_PROXY.APPROVAL_TIMEOUT (a held request was denied, or not answered in time; SECRET_PROXY.APPROVAL_ABANDONED is what the audit records when the worker disconnected while held, and the approval shows answer `abandoned`, status EXPIRED). Nothing was sent upstream */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: components["responses"]["NotFound"];
            /** @description CONNECTION.INVALID, SECRET_PROXY.NO_API_BASE_URL */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description REQUEST.TOO_LARGE: a request held for approval has a body over INGRESS_MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description SECRET_PROXY.UPSTREAM_UNREACHABLE; INTERACTION.POST_FAILED (the approval could not be posted to the chat; nothing was sent) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED, SECRET_PROXY.PLACEHOLDER_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    proxyPatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. Bearer pb_secret_<uuid> (the placeholder may sit in another credential header) */
                Authorization?: string;
            };
            path: {
                /**
                 * @description Path below the provider's apiBaseUrl (may contain '/')
                 * @example chat.postMessage
                 */
                path: string;
                /**
                 * @description The provider's key; the placeholder's connection must use it
                 * @example slack
                 */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The upstream's answer, streamed (any status; redirects are returned, not followed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description SECRET_PROXY.BAD_PATH */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.FORBIDDEN, SECRET_PROXY.UPSTREAM_REFUSED; SECRET_PROXY.NOT_ALLOWED (outside the placeholder's allow rules); SECRET_PROXY.DENIED / SECRET_PROXY.APPROVAL_TIMEOUT (a held request was denied, or not answered in time; SECRET_PROXY.APPROVAL_ABANDONED is what the audit records when the worker disconnected while held, and the approval shows answer `abandoned`, status EXPIRED). Nothing was sent upstream */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: components["responses"]["NotFound"];
            /** @description CONNECTION.INVALID, SECRET_PROXY.NO_API_BASE_URL */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description REQUEST.TOO_LARGE: a request held for approval has a body over INGRESS_MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description SECRET_PROXY.UPSTREAM_UNREACHABLE; INTERACTION.POST_FAILED (the approval could not be posted to the chat; nothing was sent) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.ORG_UNRESOLVED, SECRET_PROXY.PLACEHOLDER_UNRESOLVED */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description SECRET_PROXY.UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    runSweep: {
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listCatalog: {
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
                    "application/json": components["schemas"]["CatalogResponseDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getMe: {
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
                    "application/json": components["schemas"]["OperatorCallerDto"] | components["schemas"]["OrgCallerDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listOrgs: {
        parameters: {
            query?: {
                /**
                 * @description opaque cursor from a previous page
                 * @example MjAyNi0wMS0wMVQwMDowMDowMC4wMDBafDdjOWU
                 */
                cursor?: string;
                /**
                 * @description Page size (default 50, at most 500)
                 * @example 50
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createOrg: {
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getOrg: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listAgents: {
        parameters: {
            query?: {
                /**
                 * @description opaque cursor from a previous page
                 * @example MjAyNi0wMS0wMVQwMDowMDowMC4wMDBafDdjOWU
                 */
                cursor?: string;
                /**
                 * @description Page size (default 50, at most 500)
                 * @example 50
                 */
                limit?: number;
            };
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
                    "application/json": components["schemas"]["AgentListResponseDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The agent's id (chosen by the client, unique per org)
                 * @example support-bot
                 */
                agentId: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listPlaceholders: {
        parameters: {
            query?: {
                /**
                 * @description opaque cursor from a previous page
                 * @example MjAyNi0wMS0wMVQwMDowMDowMC4wMDBafDdjOWU
                 */
                cursor?: string;
                /**
                 * @description Page size (default 50, at most 500)
                 * @example 50
                 */
                limit?: number;
            };
            header?: never;
            path: {
                /**
                 * @description The agent's id (chosen by the client, unique per org)
                 * @example support-bot
                 */
                agentId: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
                    "application/json": components["schemas"]["PlaceholderPageDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createPlaceholder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The agent's id (chosen by the client, unique per org)
                 * @example support-bot
                 */
                agentId: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deletePlaceholder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The agent's id (chosen by the client, unique per org)
                 * @example support-bot
                 */
                agentId: string;
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listWorkerTokens: {
        parameters: {
            query?: {
                /**
                 * @description opaque cursor from a previous page
                 * @example MjAyNi0wMS0wMVQwMDowMDowMC4wMDBafDdjOWU
                 */
                cursor?: string;
                /**
                 * @description Page size (default 50, at most 500)
                 * @example 50
                 */
                limit?: number;
            };
            header?: never;
            path: {
                /**
                 * @description The agent's id (chosen by the client, unique per org)
                 * @example support-bot
                 */
                agentId: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
                    "application/json": components["schemas"]["WorkerTokenPageDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createWorkerToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The agent's id (chosen by the client, unique per org)
                 * @example support-bot
                 */
                agentId: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
                    "application/json": components["schemas"]["IssuedWorkerTokenResponseDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteWorkerToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The agent's id (chosen by the client, unique per org)
                 * @example support-bot
                 */
                agentId: string;
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listAuditEntries: {
        parameters: {
            query?: {
                /** @description only entries of this action */
                action?: "proxy.request" | "access_token.issued" | "placeholder.created" | "placeholder.deleted" | "worker_token.created" | "worker_token.deleted" | "connection.status_changed" | "connection.deleted" | "approval.requested" | "approval.answered";
                /** @description only entries naming this agent */
                agentId?: string;
                /** @description only entries naming this connection */
                connectionId?: string;
                /**
                 * @description opaque cursor from a previous page
                 * @example MjAyNi0wMS0wMVQwMDowMDowMC4wMDBafDdjOWU
                 */
                cursor?: string;
                /**
                 * @description Page size (default 50, at most 500)
                 * @example 50
                 */
                limit?: number;
                /** @description entries at or after this time */
                since?: string;
                /** @description entries before this time */
                until?: string;
            };
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page of entries, or with Accept: application/x-ndjson every matching entry */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPageDto"];
                    "application/x-ndjson": components["schemas"]["AuditEntryResponseDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listConnections: {
        parameters: {
            query?: {
                /**
                 * @description opaque cursor from a previous page
                 * @example MjAyNi0wMS0wMVQwMDowMDowMC4wMDBafDdjOWU
                 */
                cursor?: string;
                /**
                 * @description Page size (default 50, at most 500)
                 * @example 50
                 */
                limit?: number;
            };
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    issueAccessToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            /** @description CONNECTION.INVALID: the connection needs a reconnect */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            /** @description CONNECTION.REFRESH_UNAVAILABLE, with Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    refreshConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    authorizeConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listConversations: {
        parameters: {
            query?: {
                /**
                 * @description opaque cursor from a previous page
                 * @example MjAyNi0wMS0wMVQwMDowMDowMC4wMDBafDdjOWU
                 */
                cursor?: string;
                /**
                 * @description Only rows of this integration
                 * @example 9b2c1f0e-5d4a-4b3c-8e7f-6a5b4c3d2e1f
                 */
                integrationId?: string;
                /**
                 * @description Page size (default 50, at most 500)
                 * @example 50
                 */
                limit?: number;
            };
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    mapConversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listDeliveries: {
        parameters: {
            query?: {
                /**
                 * @description opaque cursor from a previous page
                 * @example MjAyNi0wMS0wMVQwMDowMDowMC4wMDBafDdjOWU
                 */
                cursor?: string;
                /**
                 * @description Only rows of this integration
                 * @example 9b2c1f0e-5d4a-4b3c-8e7f-6a5b4c3d2e1f
                 */
                integrationId?: string;
                /**
                 * @description Page size (default 50, at most 500)
                 * @example 50
                 */
                limit?: number;
                /** @description Only rows in this status */
                status?: "RECEIVED" | "QUEUED" | "DELIVERED" | "PARKED" | "DISCARDED" | "DEAD";
            };
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getDelivery: {
        parameters: {
            query?: {
                /** @description payload: add the payload as received */
                include?: "payload";
            };
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
                    "application/json": components["schemas"]["DeliveryDetailResponseDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listDeliveryAttempts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
                    "application/json": components["schemas"]["DeliveryAttemptListResponseDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    redriveDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listIntegrations: {
        parameters: {
            query?: {
                /**
                 * @description opaque cursor from a previous page
                 * @example MjAyNi0wMS0wMVQwMDowMDowMC4wMDBafDdjOWU
                 */
                cursor?: string;
                /**
                 * @description Page size (default 50, at most 500)
                 * @example 50
                 */
                limit?: number;
            };
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    ackDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AckDeliveriesRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AckDeliveriesResponseDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    pullDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PullDeliveriesRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PullDeliveriesResponseDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    redriveParked: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    rotateDeliverySecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
                    "application/json": components["schemas"]["RotatedDeliverySecretResponseDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listInteractions: {
        parameters: {
            query?: {
                /**
                 * @description opaque cursor from a previous page
                 * @example MjAyNi0wMS0wMVQwMDowMDowMC4wMDBafDdjOWU
                 */
                cursor?: string;
                /**
                 * @description Page size (default 50, at most 500)
                 * @example 50
                 */
                limit?: number;
            };
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createInteraction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getInteraction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    answerInteraction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listProviders: {
        parameters: {
            query?: {
                /**
                 * @description opaque cursor from a previous page
                 * @example MjAyNi0wMS0wMVQwMDowMDowMC4wMDBafDdjOWU
                 */
                cursor?: string;
                /**
                 * @description Page size (default 50, at most 500)
                 * @example 50
                 */
                limit?: number;
            };
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createProvider: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getProvider: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteProvider: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateProvider: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The resource's id
                 * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
                 */
                id: string;
                /**
                 * @description The org's id
                 * @example 0b0f6a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b
                 */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
