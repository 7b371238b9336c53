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
