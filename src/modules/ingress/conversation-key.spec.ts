import { externalConversationKey, resolvePointer } from './conversation-key';

describe('externalConversationKey', () => {
  it('uses channel and thread for a threaded Slack message', () => {
    const payload = {
      event_id: 'Ev1',
      event: { type: 'message', channel: 'C1', ts: '2.0', thread_ts: '1.0' },
    };
    expect(externalConversationKey('slack', payload, {})).toBe('C1:1.0');
  });

  it('uses the message ts when a Slack message starts a thread', () => {
    expect(externalConversationKey('slack', { event: { channel: 'C1', ts: '5.0' } }, {})).toBe('C1:5.0');
  });

  it('reads channel and message from a Slack interactive payload', () => {
    const payload = {
      type: 'block_actions',
      channel: { id: 'C9' },
      message: { ts: '7.0', thread_ts: '6.0' },
    };
    expect(externalConversationKey('slack', payload, {})).toBe('C9:6.0');
  });

  it('uses repository and issue or pull request number for GitHub', () => {
    expect(
      externalConversationKey('github', { repository: { full_name: 'acme/app' }, issue: { number: 7 } }, {}),
    ).toBe('acme/app#7');
    expect(
      externalConversationKey(
        'github',
        { repository: { full_name: 'acme/app' }, pull_request: { number: 9 } },
        {},
      ),
    ).toBe('acme/app#9');
  });

  it('follows config.conversationPointer for other plugins and gives null without one', () => {
    const payload = { data: { ticket: { id: 42 } } };
    expect(externalConversationKey('zendesk', payload, { conversationPointer: '/data/ticket/id' })).toBe(
      '42',
    );
    expect(externalConversationKey('zendesk', payload, {})).toBeNull();
    expect(externalConversationKey('zendesk', payload, { conversationPointer: '/missing' })).toBeNull();
  });
});

describe('resolvePointer', () => {
  it('unescapes ~1 and ~0 and indexes arrays', () => {
    expect(resolvePointer({ 'a/b': { 'c~d': [1, 2] } }, '/a~1b/c~0d/1')).toBe(2);
  });
});
