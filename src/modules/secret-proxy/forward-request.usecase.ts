import { Inject, Injectable, Logger } from '@nestjs/common';
import { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { AppConfig } from '../../config';
import { PlugboardError } from '../../shared/errors';
import { OrgContext } from '../../shared/org-context';
import {
  OutboundHttp,
  OutboundResponse,
  UpstreamRefusedError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from '../../shared/outbound';
import { ConnectionInvalidError, ConnectionNotFoundError } from '../oauth';
import { CREDENTIAL_SOURCE, CredentialSource, ProxiedConnection } from './credential-source';
import {
  buildDownstreamHeaders,
  buildUpstreamHeaders,
  findPlaceholderIds,
  ProxyLinks,
} from './proxy-headers';
import { buildTargetUrl, parseProxyPath } from './proxy-path';
import { isReplayable, prepareRequestBody, readPrefix, rejoin, RequestBody } from './proxy-body';
import { ProxyMetrics } from './proxy.metrics';
import { HoldForApprovalUseCase } from './hold-for-approval.usecase';
import { CompiledPolicy, toRequestPath } from './placeholder-policy';
import { PLACEHOLDER_PREFIX, PlaceholdersService } from './placeholders.service';
import {
  ProviderNotProxiableError,
  ProxyForbiddenError,
  ProxyNotAllowedError,
  ProxyUpstreamRefusedError,
  ProxyUpstreamTimeoutError,
  ProxyUpstreamUnreachableError,
} from './secret-proxy.errors';
import { WorkerPrincipal } from './worker-tokens.service';

export interface ProxyCall {
  worker: WorkerPrincipal;
  providerKey: string;
  method: string;
  /** The request URL exactly as received (`/proxy/<provider>/<path>?<query>`). */
  rawUrl: string;
  headers: IncomingHttpHeaders;
  /** The worker's own Content-Type (the route rewrites the header to keep the body a stream). */
  contentType: string | undefined;
  body: Readable | undefined;
  /** A signal that fires when the worker's connection closes before its answer (made on demand). */
  abandoned?: () => AbortSignal;
  /** Filled in as the call is resolved, for the caller's audit entry. */
  trace?: ProxyTrace;
  /** The id of the request in the logs and the audit. */
  requestId?: string;
}

/** What the route's audit entry learns from inside the call. */
export interface ProxyTrace {
  /** The placeholder's connection, once it is known. */
  connectionId: string | null;
}

export interface ProxyAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Readable | Buffer | null;
}

/** Slack answers HTTP 200 with ok:false; these errors mean the token was rejected. */
const SLACK_AUTH_ERRORS = new Set(['invalid_auth', 'token_expired', 'token_revoked']);
const SLACK_INSPECT_BYTES = 256 * 1024;
/**
 * An answer of declared length up to this is read whole and sent as one buffer: most API answers
 * are small, and a buffer costs the event loop far less than piping a stream. Larger or
 * unknown-length answers (downloads, server-sent events) stream through as they arrive.
 */
const BUFFERED_ANSWER_BYTES = 64 * 1024;

interface Credential {
  connection: ProxiedConnection;
  /** Empty when the connection is refused before its token is needed (another provider, INVALID). */
  accessToken: string;
  /** The placeholder's policy; null when it has none. */
  policy: CompiledPolicy | null;
}

interface Attempt {
  response: OutboundResponse;
  body: Readable | Buffer;
  rejected: boolean;
}

/**
 * One proxied call: path rules → the single placeholder, resolved for exactly this org and agent
 * inside that org's context → the connection (its provider must be the one in the URL; INVALID
 * answers 409 without calling the upstream) → the access token → the upstream through the
 * SSRF-safe client, streaming both ways. An upstream 401 (or Slack's ok:false invalid_auth) causes
 * one coalesced refresh and, for a replayable body, one retry — only for a refreshable connection,
 * at most once a minute per connection (see AccessTokenService.refreshAfterRejection). The real
 * token never travels back: where an upstream echoes it in a response header, the worker sees its
 * placeholder instead. One log line per call.
 */
@Injectable()
export class ForwardRequestUseCase {
  private readonly logger = new Logger('SecretProxy');
  /** The per-call line is at info: below that level, not even its record is built. */
  private readonly logsEachCall: boolean;
  private readonly publicUrl: string;

  constructor(
    private readonly placeholders: PlaceholdersService,
    @Inject(CREDENTIAL_SOURCE) private readonly credentials: CredentialSource,
    private readonly outbound: OutboundHttp,
    private readonly orgContext: OrgContext,
    private readonly metrics: ProxyMetrics,
    private readonly holdForApproval: HoldForApprovalUseCase,
    config: AppConfig,
  ) {
    this.logsEachCall = ['trace', 'debug', 'info'].includes(config.logLevel);
    this.publicUrl = config.publicUrl;
  }

  async execute(call: ProxyCall): Promise<ProxyAnswer> {
    const audit = { upstreamMs: null as number | null, providerMatched: false };
    const rest = /^\/proxy\/[^/?#]*(.*)$/s.exec(call.rawUrl)?.[1] ?? '';
    const auditPath = rest.split('?')[0].slice(0, 512) || '/';
    try {
      const answer = await this.forward(call, rest, audit);
      this.record(call, auditPath, answer.status, audit);
      return answer;
    } catch (error) {
      const status = error instanceof PlugboardError ? error.httpStatus : 500;
      if (error instanceof PlugboardError) this.metrics.recordRefusal(error.code);
      this.record(call, auditPath, status, audit);
      throw error;
    }
  }

  private async forward(
    call: ProxyCall,
    rest: string,
    audit: { upstreamMs: number | null; providerMatched: boolean },
  ): Promise<ProxyAnswer> {
    const { path, query } = parseProxyPath(rest);
    const placeholderIds = findPlaceholderIds(call.headers);
    if (placeholderIds.length !== 1)
      throw new ProxyForbiddenError('The request must carry exactly one placeholder');
    const placeholderId = placeholderIds[0];
    const { orgId } = call.worker;
    // warm: everything is in memory and nothing is awaited before the upstream call; cold: the
    // lookups read the database inside the worker's org context
    let credential =
      this.credentialNow(call, placeholderId) ??
      (await this.orgContext.runAs(orgId, () => this.resolveCredential(call, placeholderId)));
    if (call.trace) call.trace.connectionId = credential.connection.connectionId;
    let held: RequestBody | undefined;
    if (credential.policy) {
      // a placeholder's policy is checked before anything leaves; a held request is forwarded only
      // once approved, with the credential as it is then (the placeholder may be gone, the token renewed)
      const requestPath = toRequestPath(path);
      this.assertUsable(call, credential, audit);
      if (!credential.policy.allows(call.method, requestPath)) throw new ProxyNotAllowedError();
      if (credential.policy.needsApproval(call.method, requestPath)) {
        toTarget(credential.connection.apiBaseUrl!, path, query);
        held = await this.hold(
          call,
          { path, query, connectionId: credential.connection.connectionId },
          credential.policy,
        );
        credential =
          this.credentialNow(call, placeholderId) ??
          (await this.orgContext.runAs(orgId, () => this.resolveCredential(call, placeholderId)));
      }
    }
    this.assertUsable(call, credential, audit);
    const { connection, accessToken } = credential;
    const target = toTarget(connection.apiBaseUrl!, path, query);
    // links in the answer that point into the API base are pointed at the proxy instead
    const links: ProxyLinks = {
      requestUrl: target.href,
      apiBaseUrl: connection.apiBaseUrl!,
      proxyBaseUrl: `${this.publicUrl}/proxy/${encodeURIComponent(call.providerKey)}`,
    };

    const body =
      held ??
      (await prepareRequestBody(
        call.body,
        headerValue(call.headers['content-length']),
        headerValue(call.headers['transfer-encoding']),
      ));
    const secret = { accessToken, placeholder: `${PLACEHOLDER_PREFIX}${placeholderId}` };
    const first = await this.attempt(call, connection, target, accessToken, body, audit);
    if (!first.rejected) return toAnswer(first, secret, links);

    return this.orgContext.runAs(orgId, async () => {
      // an approved request is sent exactly once: a rejection is answered as it is, after a refresh
      if (!isReplayable(body) || held) {
        // The body is gone: refresh for the worker's own retry and hand back the rejection.
        await this.credentials
          .refreshAfterRejection(orgId, connection.connectionId, accessToken)
          .catch((error: unknown) =>
            this.logger.warn({ errorCode: (error as PlugboardError).code }, 'refresh after rejection failed'),
          );
        return toAnswer(first, secret, links);
      }
      const renewed = await this.credentials.refreshAfterRejection(
        orgId,
        connection.connectionId,
        accessToken,
      );
      // no new token (not refreshable, or already refreshed for a rejection this minute): the 401 stands
      if (!renewed) return toAnswer(first, secret, links);
      await first.response.dump();
      const retried = await this.attempt(call, connection, target, renewed.accessToken, body, audit);
      return toAnswer(retried, { ...secret, accessToken: renewed.accessToken }, links);
    });
  }

  /** The placeholder's connection and its usable token, when all of it is in memory. */
  private credentialNow(call: ProxyCall, placeholderId: string): Credential | undefined {
    const { orgId, agentId } = call.worker;
    const binding = this.placeholders.bindingNow(placeholderId, { orgId, agentId });
    if (!binding) return undefined;
    const now = this.credentials.credentialNow(orgId, binding.connectionId);
    return (
      now && { connection: now.description, accessToken: now.accessToken.accessToken, policy: binding.policy }
    );
  }

  /** The connection must be of the URL's provider, valid, and have an API to proxy to. */
  private assertUsable(
    call: ProxyCall,
    { connection }: Credential,
    audit: { providerMatched: boolean },
  ): void {
    if (connection.providerKey !== call.providerKey)
      throw new ProxyForbiddenError('The placeholder belongs to another provider');
    audit.providerMatched = true;
    if (connection.status === 'INVALID') throw new ConnectionInvalidError();
    if (!connection.apiBaseUrl) throw new ProviderNotProxiableError();
  }

  private async hold(
    call: ProxyCall,
    { path, query, connectionId }: { path: string; query: string; connectionId: string },
    policy: CompiledPolicy,
  ): Promise<RequestBody> {
    const held = await this.holdForApproval.execute({
      worker: call.worker,
      connectionId,
      requestId: call.requestId ?? null,
      rawUrl: call.rawUrl,
      method: call.method,
      path,
      query,
      headers: call.headers,
      body: call.body,
      approval: policy.policy.approval!,
      abandoned: call.abandoned?.() ?? new AbortController().signal,
    });
    return held ? { kind: 'buffered', data: held } : { kind: 'none' };
  }

  /**
   * The same from the database where needed: the placeholder resolved for exactly this org and
   * agent, the connection (INVALID comes back as such: the caller answers 409 without calling the
   * upstream), and the token, refreshed first when it is about to expire.
   */
  private async resolveCredential(call: ProxyCall, placeholderId: string): Promise<Credential> {
    const { orgId, agentId } = call.worker;
    const binding = await this.placeholders.resolvePlaceholder(placeholderId, { orgId, agentId });
    if (!binding) throw new ProxyForbiddenError('Unknown, expired or foreign placeholder');
    const connection = await this.describeConnection(orgId, binding.connectionId);
    const { policy } = binding;
    if (
      connection.providerKey !== call.providerKey ||
      connection.status === 'INVALID' ||
      !connection.apiBaseUrl
    )
      return { connection, accessToken: '', policy };
    const { accessToken } = await this.credentials.getAccessToken(orgId, connection.connectionId);
    return { connection, accessToken, policy };
  }

  private async describeConnection(orgId: string, connectionId: string): Promise<ProxiedConnection> {
    try {
      return await this.credentials.describeConnection(orgId, connectionId);
    } catch (error) {
      // The placeholder outlived its connection: nothing to proxy to.
      if (error instanceof ConnectionNotFoundError)
        throw new ProxyForbiddenError('The connection of this placeholder no longer exists');
      throw error;
    }
  }

  private async attempt(
    call: ProxyCall,
    connection: ProxiedConnection,
    target: URL,
    accessToken: string,
    body: RequestBody,
    audit: { upstreamMs: number | null },
  ): Promise<Attempt> {
    const slack = connection.errorStyle === 'slack';
    const started = process.hrtime.bigint();
    let response: OutboundResponse;
    try {
      response = await this.outbound.request({
        url: target,
        method: call.method,
        headers: buildUpstreamHeaders(call.headers, accessToken, {
          contentType: call.contentType,
          // Slack-style errors are read from the body, so it must arrive uncompressed.
          dropAcceptEncoding: slack,
        }),
        body: body.kind === 'none' ? null : body.kind === 'buffered' ? body.data : body.stream,
      });
    } catch (error) {
      throw toProxyError(error);
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      audit.upstreamMs = Math.round((audit.upstreamMs ?? 0) + seconds * 1000);
      this.metrics.upstreamSeconds.observe(seconds);
    }
    if (response.status === 401) return { response, body: response.body, rejected: true };
    if (slack && response.status === 200) return this.inspectSlackBody(response);
    const length = Number(headerValue(response.headers['content-length']));
    if (Number.isInteger(length) && length <= BUFFERED_ANSWER_BYTES) {
      const { chunks, ended } = await readPrefix(response.body, BUFFERED_ANSWER_BYTES).catch(
        (error: unknown) => {
          throw toProxyError(error);
        },
      );
      return {
        response,
        body: ended ? Buffer.concat(chunks) : rejoin(chunks, response.body),
        rejected: false,
      };
    }
    return { response, body: response.body, rejected: false };
  }

  private async inspectSlackBody(response: OutboundResponse): Promise<Attempt> {
    const contentType = headerValue(response.headers['content-type']) ?? '';
    const encoding = headerValue(response.headers['content-encoding']) ?? 'identity';
    if (!contentType.includes('json') || encoding !== 'identity')
      return { response, body: response.body, rejected: false };
    const { chunks, ended } = await readPrefix(response.body, SLACK_INSPECT_BYTES).catch((error: unknown) => {
      throw toProxyError(error);
    });
    if (!ended) return { response, body: rejoin(chunks, response.body), rejected: false };
    const data = Buffer.concat(chunks);
    return { response, body: Readable.from([data]), rejected: isSlackAuthError(data) };
  }

  private record(
    call: ProxyCall,
    path: string,
    status: number,
    audit: { upstreamMs: number | null; providerMatched: boolean },
  ): void {
    if (audit.providerMatched) this.metrics.requestsOf(`${Math.floor(status / 100)}xx`).inc();
    if (!this.logsEachCall) return;
    this.logger.log(
      {
        orgId: call.worker.orgId,
        agentId: call.worker.agentId,
        provider: call.providerKey.slice(0, 100),
        method: call.method,
        path,
        status,
        upstreamMs: audit.upstreamMs,
      },
      'secret proxy call',
    );
  }
}

function toTarget(apiBaseUrl: string, path: string, query: string): URL {
  try {
    return buildTargetUrl(apiBaseUrl, path, query);
  } catch (error) {
    if (error instanceof PlugboardError) throw error;
    throw new ProviderNotProxiableError();
  }
}

function toAnswer(
  attempt: Attempt,
  secret: { accessToken: string; placeholder: string },
  links: ProxyLinks,
): ProxyAnswer {
  return {
    status: attempt.response.status,
    headers: buildDownstreamHeaders(attempt.response.headers, secret, links),
    body: attempt.body,
  };
}

function isSlackAuthError(data: Buffer): boolean {
  try {
    const parsed = JSON.parse(data.toString('utf8')) as { ok?: unknown; error?: unknown };
    return parsed.ok === false && typeof parsed.error === 'string' && SLACK_AUTH_ERRORS.has(parsed.error);
  } catch {
    return false;
  }
}

function toProxyError(error: unknown): Error {
  if (error instanceof UpstreamRefusedError) return new ProxyUpstreamRefusedError();
  if (error instanceof UpstreamTimeoutError) return new ProxyUpstreamTimeoutError();
  if (error instanceof UpstreamUnreachableError) return new ProxyUpstreamUnreachableError();
  return error instanceof Error ? error : new ProxyUpstreamUnreachableError();
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
