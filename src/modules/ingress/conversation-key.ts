import { isObject } from './webhook-payload';

/**
 * The external conversation a payload belongs to, per plugin: Slack channel + thread, GitHub
 * repository + issue/PR, and for any other plugin the JSON pointer in the integration's
 * `config.conversationPointer`. Null when the payload names no conversation.
 */
export function externalConversationKey(
  plugin: string,
  payload: unknown,
  config: Record<string, unknown>,
): string | null {
  if (plugin === 'slack') return slackConversation(payload);
  if (plugin === 'github') return githubConversation(payload);
  const pointer = config.conversationPointer;
  if (typeof pointer !== 'string') return null;
  const value = resolvePointer(payload, pointer);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/** Whether externalConversationKey can find anything for this plugin and config (else skip parsing). */
export function namesConversations(plugin: string, config: Record<string, unknown>): boolean {
  return plugin === 'slack' || plugin === 'github' || typeof config.conversationPointer === 'string';
}

function slackConversation(payload: unknown): string | null {
  if (!isObject(payload)) return null;
  // Events API wraps the message in `event`; interactive payloads carry channel and message
  const event = isObject(payload.event) ? payload.event : payload;
  const channel = isObject(event.channel) ? event.channel.id : (event.channel ?? event.channel_id);
  if (typeof channel !== 'string') return null;
  const message = isObject(event.message) ? event.message : event;
  const thread = message.thread_ts ?? message.ts ?? event.thread_ts ?? event.ts;
  return typeof thread === 'string' ? `${channel}:${thread}` : channel;
}

function githubConversation(payload: unknown): string | null {
  if (!isObject(payload) || !isObject(payload.repository)) return null;
  const repository = payload.repository.full_name;
  if (typeof repository !== 'string') return null;
  const subject = isObject(payload.issue)
    ? payload.issue
    : isObject(payload.pull_request)
      ? payload.pull_request
      : null;
  if (!subject || typeof subject.number !== 'number') return repository;
  return `${repository}#${subject.number}`;
}

/** RFC 6901 JSON pointer ("/event/channel", "~1" for "/", "~0" for "~"). */
export function resolvePointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  if (!pointer.startsWith('/')) return undefined;
  let current: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^\d+$/.test(token)) current = current[Number(token)];
    else if (isObject(current) && Object.prototype.hasOwnProperty.call(current, token))
      current = current[token];
    else return undefined;
  }
  return current;
}
