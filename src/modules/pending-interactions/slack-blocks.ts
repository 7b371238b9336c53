/**
 * The question as Slack Block Kit, one button per option. The button's action_id carries the
 * interaction id and option index (`pbi:<id>:<index>`) so a click arriving through ingress finds the
 * interaction again; `value` carries the option text.
 */
export const ACTION_PREFIX = 'pbi:';

export function questionBlocks(interactionId: string, question: string, options: string[]): unknown[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: question } },
    {
      type: 'actions',
      block_id: `${ACTION_PREFIX}${interactionId}`,
      elements: options.map((option, index) => ({
        type: 'button',
        action_id: `${ACTION_PREFIX}${interactionId}:${index}`,
        text: { type: 'plain_text', text: option.slice(0, 75) },
        value: option,
      })),
    },
  ];
}

export function answeredBlocks(question: string, answer: string, userId: string): unknown[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: question } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Answered *${answer}* by <@${userId}>` }] },
  ];
}

export interface SlackButtonClick {
  interactionId: string;
  answer: string;
  userId: string;
}

/** Reads the plugboard button clicks out of a Slack `block_actions` payload; anything else → []. */
export function parseButtonClicks(payload: unknown): SlackButtonClick[] {
  if (!payload || typeof payload !== 'object') return [];
  const body = payload as { type?: unknown; user?: { id?: unknown }; actions?: unknown };
  if (body.type !== 'block_actions' || typeof body.user?.id !== 'string' || !Array.isArray(body.actions))
    return [];
  const userId = body.user.id;
  return body.actions.flatMap((action: unknown) => {
    const { action_id: actionId, value } = (action ?? {}) as { action_id?: unknown; value?: unknown };
    if (typeof actionId !== 'string' || !actionId.startsWith(ACTION_PREFIX) || typeof value !== 'string')
      return [];
    const interactionId = actionId.slice(ACTION_PREFIX.length).replace(/:\d+$/, '');
    return interactionId ? [{ interactionId, answer: value, userId }] : [];
  });
}

export const APPROVE = 'Approve';
export const DENY = 'Deny';
export const APPROVAL_OPTIONS = [APPROVE, DENY];

/** What an approver is shown about a held request. */
export interface HeldRequestSummary {
  agentName: string;
  method: string;
  path: string;
  queryKeys: string[];
  bodyBytes: number;
  bodySha256: string;
  bodyPreview: string;
}

/** The approval's one-line text (the interaction's `question`, Slack's notification text). */
export function approvalText(summary: HeldRequestSummary): string {
  return `${summary.agentName} wants to send ${summary.method} ${summary.path}`.slice(0, 3000);
}

/**
 * The approval as Block Kit: who asks, the call (method, path, the query's keys but never its
 * values), the body's size, SHA-256 and first characters, and the two buttons. Buttons carry the
 * interaction the same way a question's do, so a click claims through the same path.
 */
export function approvalBlocks(interactionId: string, summary: HeldRequestSummary): unknown[] {
  const query = summary.queryKeys.length ? summary.queryKeys.map(escapeText).join(', ') : '(none)';
  const preview = summary.bodyBytes
    ? `\n\`\`\`${escapeText(summary.bodyPreview).replace(/```/g, "'''")}\`\`\``
    : '';
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${escapeText(summary.agentName)}* wants to send *${escapeText(summary.method)} ${escapeText(summary.path)}*`,
      },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          `Query keys: ${query}\nBody: ${summary.bodyBytes} bytes, SHA-256 \`${summary.bodySha256}\`` +
          preview,
      },
    },
    {
      type: 'actions',
      block_id: `${ACTION_PREFIX}${interactionId}`,
      elements: APPROVAL_OPTIONS.map((option, index) => ({
        type: 'button',
        action_id: `${ACTION_PREFIX}${interactionId}:${index}`,
        text: { type: 'plain_text', text: option },
        value: option,
        style: option === APPROVE ? 'primary' : 'danger',
      })),
    },
  ];
}

/** Shown in place of the buttons once plugboard closed an approval nobody answered. */
export function closedApprovalBlocks(text: string, outcome: 'timeout' | 'abandoned'): unknown[] {
  const reason =
    outcome === 'timeout' ? 'Not answered in time' : 'The agent stopped waiting before an answer';
  return [
    { type: 'section', text: { type: 'mrkdwn', text: escapeText(text) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${reason}: nothing was sent.` }] },
  ];
}

/** Slack mrkdwn treats &, < and > as markup; anything the agent chose is shown as text. */
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
