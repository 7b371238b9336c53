import type * as Generated from './generated/operations';
import { Operations, RequestOptions } from './generated/operations';
import { PageIterator, Page, paginate } from './pagination';
import { createOperations, TransportOptions } from './request';

export interface PlugboardOptions extends TransportOptions {
  /** The org that org-scoped calls use when their input names none (e.g. from `me()`). */
  orgId?: string;
}

/** An input whose `orgId` may come from the client's default org instead. */
export type OrgScoped<T> = T extends { orgId: string } ? Omit<T, 'orgId'> & { orgId?: string } : T;
type ListInput<T> = OrgScoped<Omit<T, 'cursor'>> & { cursor?: string };
type ItemOf<R> = R extends Page<infer T> ? T : never;

/** Progress and outcome of `deliveries.redriveAll`. */
export interface RedriveProgress {
  /** Calls made so far (each replays at most 500 rows). */
  batches: number;
  /** Rows whose replay was accepted: they left DEAD. */
  handled: number;
  /** Rows whose replay failed: still DEAD. */
  failed: number;
  /** DEAD rows left for the next call, as the last call counted them (failed replays included). */
  remaining: number | null;
  /** DEAD rows when the first call was made (each is tried at most once). */
  total: number | null;
}

/**
 * A plugboard client. `pb.api` has one typed method per operation of the OpenAPI document (new
 * routes appear there when the SDK is regenerated); the resource groups (`pb.deliveries.list`, …)
 * are the same calls with the org filled in and lists that iterate every page:
 *
 *   const pb = new Plugboard({ baseUrl: 'http://localhost:3000', apiKey: process.env.PLUGBOARD_KEY });
 *   for await (const delivery of pb.deliveries.list({ orgId, status: 'DEAD' })) console.log(delivery.id);
 */
export class Plugboard {
  readonly api: Operations;
  readonly orgId: string | undefined;

  constructor(private readonly options: PlugboardOptions) {
    this.api = createOperations(options);
    this.orgId = options.orgId;
  }

  /** The same client with a default org for org-scoped calls. */
  withOrg(orgId: string): Plugboard {
    return new Plugboard({ ...this.options, orgId });
  }

  /** Who the key belongs to: `{type:'operator'}` or `{type:'org', orgId, keyId}`. */
  me(options?: RequestOptions): Promise<Generated.GetMeResult> {
    return this.api.getMe({}, options);
  }

  private scoped<T extends object>(input: T): T & { orgId: string } {
    const orgId = (input as { orgId?: string }).orgId ?? this.orgId;
    if (!orgId) throw new TypeError('orgId is required (pass it, or create the client with { orgId })');
    return { ...input, orgId };
  }

  private list<I extends { cursor?: string }, R extends Page<unknown>>(
    operation: (input: I, options?: RequestOptions) => Promise<R>,
    input: object,
    options?: RequestOptions,
  ): PageIterator<ItemOf<R>> {
    return paginate((page: I) => operation(page, options) as Promise<Page<ItemOf<R>>>, input as I);
  }

  readonly orgs = {
    create: (body: Generated.CreateOrgInput['body'], options?: RequestOptions) =>
      this.api.createOrg({ body }, options),
    list: (
      input: Omit<Generated.ListOrgsInput, 'cursor'> & { cursor?: string } = {},
      options?: RequestOptions,
    ) => this.list(this.api.listOrgs, input, options),
    get: (input: OrgScoped<Generated.GetOrgInput> = {}, options?: RequestOptions) =>
      this.api.getOrg(this.scoped(input), options),
  };

  readonly apiKeys = {
    create: (input: OrgScoped<Generated.CreateApiKeyInput>, options?: RequestOptions) =>
      this.api.createApiKey(this.scoped(input), options),
    delete: (input: OrgScoped<Generated.DeleteApiKeyInput>, options?: RequestOptions) =>
      this.api.deleteApiKey(this.scoped(input), options),
  };

  readonly providers = {
    create: (input: OrgScoped<Generated.CreateProviderInput>, options?: RequestOptions) =>
      this.api.createProvider(this.scoped(input), options),
    list: (input: ListInput<Generated.ListProvidersInput> = {}, options?: RequestOptions) =>
      this.list(this.api.listProviders, this.scoped(input), options),
    get: (input: OrgScoped<Generated.GetProviderInput>, options?: RequestOptions) =>
      this.api.getProvider(this.scoped(input), options),
    update: (input: OrgScoped<Generated.UpdateProviderInput>, options?: RequestOptions) =>
      this.api.updateProvider(this.scoped(input), options),
    delete: (input: OrgScoped<Generated.DeleteProviderInput>, options?: RequestOptions) =>
      this.api.deleteProvider(this.scoped(input), options),
  };

  readonly connections = {
    create: (input: OrgScoped<Generated.CreateConnectionInput>, options?: RequestOptions) =>
      this.api.createConnection(this.scoped(input), options),
    authorize: (input: OrgScoped<Generated.AuthorizeConnectionInput>, options?: RequestOptions) =>
      this.api.authorizeConnection(this.scoped(input), options),
    list: (input: ListInput<Generated.ListConnectionsInput> = {}, options?: RequestOptions) =>
      this.list(this.api.listConnections, this.scoped(input), options),
    get: (input: OrgScoped<Generated.GetConnectionInput>, options?: RequestOptions) =>
      this.api.getConnection(this.scoped(input), options),
    delete: (input: OrgScoped<Generated.DeleteConnectionInput>, options?: RequestOptions) =>
      this.api.deleteConnection(this.scoped(input), options),
    accessToken: (input: OrgScoped<Generated.IssueAccessTokenInput>, options?: RequestOptions) =>
      this.api.issueAccessToken(this.scoped(input), options),
    refresh: (input: OrgScoped<Generated.RefreshConnectionInput>, options?: RequestOptions) =>
      this.api.refreshConnection(this.scoped(input), options),
  };

  readonly integrations = {
    create: (input: OrgScoped<Generated.CreateIntegrationInput>, options?: RequestOptions) =>
      this.api.createIntegration(this.scoped(input), options),
    list: (input: ListInput<Generated.ListIntegrationsInput> = {}, options?: RequestOptions) =>
      this.list(this.api.listIntegrations, this.scoped(input), options),
    get: (input: OrgScoped<Generated.GetIntegrationInput>, options?: RequestOptions) =>
      this.api.getIntegration(this.scoped(input), options),
    update: (input: OrgScoped<Generated.UpdateIntegrationInput>, options?: RequestOptions) =>
      this.api.updateIntegration(this.scoped(input), options),
    delete: (input: OrgScoped<Generated.DeleteIntegrationInput>, options?: RequestOptions) =>
      this.api.deleteIntegration(this.scoped(input), options),
    redriveParked: (input: OrgScoped<Generated.RedriveParkedInput>, options?: RequestOptions) =>
      this.api.redriveParked(this.scoped(input), options),
    /** A new delivery secret (shown once); the old one keeps signing during the overlap. */
    rotateDeliverySecret: (input: OrgScoped<Generated.RotateDeliverySecretInput>, options?: RequestOptions) =>
      this.api.rotateDeliverySecret(this.scoped(input), options),
  };

  readonly deliveries = {
    list: (input: ListInput<Generated.ListDeliveriesInput> = {}, options?: RequestOptions) =>
      this.list(this.api.listDeliveries, this.scoped(input), options),
    get: (input: OrgScoped<Generated.GetDeliveryInput>, options?: RequestOptions) =>
      this.api.getDelivery(this.scoped(input), options),
    /** Each attempt of one delivery, oldest first. */
    attempts: (input: OrgScoped<Generated.ListDeliveryAttemptsInput>, options?: RequestOptions) =>
      this.api.listDeliveryAttempts(this.scoped(input), options),
    /**
     * A pull-mode integration's deliveries under a lease (`body.waitSeconds` long-polls); works with
     * an org key or the worker token of an agent in the integration's pullAgentIds as `apiKey`.
     */
    pull: (input: OrgScoped<Generated.PullDeliveriesInput>, options?: RequestOptions) =>
      this.api.pullDeliveries(this.scoped(input), options),
    /** Acks pulled deliveries by leaseId: they are DELIVERED. */
    ack: (input: OrgScoped<Generated.AckDeliveriesInput>, options?: RequestOptions) =>
      this.api.ackDeliveries(this.scoped(input), options),
    redrive: (input: OrgScoped<Generated.RedriveDeliveriesInput>, options?: RequestOptions) =>
      this.api.redriveDeliveries(this.scoped(input), options),
    /**
     * Replays every DEAD delivery (of one integration, when given), up to 500 per call, following
     * the server's `remaining` until none is left, every row that was DEAD at the start has been
     * tried once, or a whole call hands nothing over (the receiver still refuses); `onProgress`
     * hears each call.
     */
    redriveAll: async (
      input: {
        orgId?: string;
        integrationId?: string;
        onProgress?: (progress: RedriveProgress) => void;
      } = {},
      options?: RequestOptions,
    ): Promise<RedriveProgress> => {
      const progress: RedriveProgress = { batches: 0, handled: 0, failed: 0, remaining: null, total: null };
      const { orgId } = this.scoped(input);
      const body = {
        status: 'DEAD' as const,
        ...(input.integrationId ? { integrationId: input.integrationId } : {}),
      };
      let tried = 0;
      for (;;) {
        const answer = await this.api.redriveDeliveries({ orgId, body }, options);
        const handled = answer.results.filter((result) => result.handled).length;
        const failed = answer.results.length - handled;
        // rows DEAD when we started: this call's, plus those left that were not its own failures
        progress.total ??= answer.results.length + answer.remaining - failed;
        tried += answer.results.length;
        progress.batches += 1;
        progress.handled += handled;
        progress.failed += failed;
        progress.remaining = answer.remaining;
        input.onProgress?.({ ...progress });
        if (answer.results.length === 0 || answer.remaining === 0 || handled === 0) return progress;
        if (tried >= progress.total) return progress;
      }
    },
  };

  readonly conversations = {
    map: (input: OrgScoped<Generated.MapConversationInput>, options?: RequestOptions) =>
      this.api.mapConversation(this.scoped(input), options),
    list: (input: ListInput<Generated.ListConversationsInput> = {}, options?: RequestOptions) =>
      this.list(this.api.listConversations, this.scoped(input), options),
  };

  readonly agents = {
    create: (input: OrgScoped<Generated.CreateAgentInput>, options?: RequestOptions) =>
      this.api.createAgent(this.scoped(input), options),
    list: (input: ListInput<Generated.ListAgentsInput> = {}, options?: RequestOptions) =>
      this.list(this.api.listAgents, this.scoped(input), options),
    delete: (input: OrgScoped<Generated.DeleteAgentInput>, options?: RequestOptions) =>
      this.api.deleteAgent(this.scoped(input), options),
    createWorkerToken: (input: OrgScoped<Generated.CreateWorkerTokenInput>, options?: RequestOptions) =>
      this.api.createWorkerToken(this.scoped(input), options),
    createPlaceholder: (input: OrgScoped<Generated.CreatePlaceholderInput>, options?: RequestOptions) =>
      this.api.createPlaceholder(this.scoped(input), options),
    listPlaceholders: (input: ListInput<Generated.ListPlaceholdersInput>, options?: RequestOptions) =>
      this.list(this.api.listPlaceholders, this.scoped(input), options),
  };

  readonly audit = {
    /**
     * Audit entries, newest first, every page as it is iterated:
     * `for await (const entry of pb.audit.list({ action: 'proxy.request', agentId })) …`.
     */
    list: (input: ListInput<Generated.ListAuditEntriesInput> = {}, options?: RequestOptions) =>
      this.list(this.api.listAuditEntries, this.scoped(input), options),
  };

  readonly interactions = {
    create: (input: OrgScoped<Generated.CreateInteractionInput>, options?: RequestOptions) =>
      this.api.createInteraction(this.scoped(input), options),
    list: (input: ListInput<Generated.ListInteractionsInput> = {}, options?: RequestOptions) =>
      this.list(this.api.listInteractions, this.scoped(input), options),
    get: (input: OrgScoped<Generated.GetInteractionInput>, options?: RequestOptions) =>
      this.api.getInteraction(this.scoped(input), options),
    answer: (input: OrgScoped<Generated.AnswerInteractionInput>, options?: RequestOptions) =>
      this.api.answerInteraction(this.scoped(input), options),
  };

  readonly admin = {
    sweep: (options?: RequestOptions) => this.api.runSweep({}, options),
  };

  readonly health = {
    live: (options?: RequestOptions) => this.api.checkLiveness({}, options),
    ready: (options?: RequestOptions) => this.api.checkReadiness({}, options),
  };
}
