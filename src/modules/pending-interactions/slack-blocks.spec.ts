import { parseButtonClicks, questionBlocks } from './slack-blocks';

describe('slack blocks', () => {
  it('round-trips: a click on a posted button yields the interaction id, option and user', () => {
    const blocks = questionBlocks('refund-1182', 'Refund order 1182 for 40 €?', ['Yes', 'No']) as Array<{
      elements?: Array<{ action_id: string; value: string }>;
    }>;
    const button = blocks[1].elements![1];
    const clicks = parseButtonClicks({ type: 'block_actions', user: { id: 'U123' }, actions: [button] });
    expect(clicks).toEqual([{ interactionId: 'refund-1182', answer: 'No', userId: 'U123' }]);
  });

  it('ignores payloads that are not plugboard block actions', () => {
    expect(parseButtonClicks({ type: 'view_submission', user: { id: 'U1' } })).toEqual([]);
    expect(
      parseButtonClicks({
        type: 'block_actions',
        user: { id: 'U1' },
        actions: [{ action_id: 'other', value: 'x' }],
      }),
    ).toEqual([]);
    expect(parseButtonClicks(null)).toEqual([]);
  });
});
