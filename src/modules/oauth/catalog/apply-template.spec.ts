import { providerFieldsFromRequest } from './apply-template';

describe('providerFieldsFromRequest', () => {
  it('fills every field from the template when only key, clientId and the template are given', () => {
    expect(providerFieldsFromRequest({ key: 'notion', template: 'notion', clientId: 'id' })).toEqual({
      key: 'notion',
      template: 'notion',
      authorizeUrl: 'https://api.notion.com/v1/oauth/authorize',
      tokenUrl: 'https://api.notion.com/v1/oauth/token',
      clientId: 'id',
      scopes: [],
      grantType: 'authorization_code',
      tokenAuthMethod: 'client_secret_basic',
      usePkce: false,
      apiBaseUrl: 'https://api.notion.com',
      errorStyle: 'standard',
      resourceIndicator: null,
    });
  });

  it('lets explicit fields win over the template', () => {
    const fields = providerFieldsFromRequest({
      key: 'slack-sandbox',
      template: 'slack',
      clientId: 'id',
      tokenUrl: 'http://127.0.0.1:4000/token',
      scopes: ['channels:history'],
      usePkce: true,
    });
    expect(fields).toMatchObject({
      template: 'slack',
      authorizeUrl: 'https://slack.com/oauth/v2/authorize',
      tokenUrl: 'http://127.0.0.1:4000/token',
      scopes: ['channels:history'],
      usePkce: true,
      errorStyle: 'slack',
    });
  });

  it('refuses an unknown template, a template without clientId and mcpServerUrl without mcp', () => {
    expect(() => providerFieldsFromRequest({ key: 'x', template: 'myspace', clientId: 'id' })).toThrow(
      /template must be one of: slack, github, .*, mcp/,
    );
    expect(() => providerFieldsFromRequest({ key: 'x', template: 'slack' })).toThrow('clientId is required');
    expect(() =>
      providerFieldsFromRequest({
        key: 'x',
        template: 'slack',
        clientId: 'id',
        mcpServerUrl: 'https://m.example',
      }),
    ).toThrow('mcpServerUrl is only for template "mcp"');
  });

  it('keeps the hand-configured defaults and requires tokenUrl and clientId without a template', () => {
    expect(() => providerFieldsFromRequest({ key: 'x' })).toThrow('tokenUrl, clientId required');
    expect(
      providerFieldsFromRequest({ key: 'x', tokenUrl: 'https://t.example/token', clientId: 'id' }),
    ).toMatchObject({
      template: null,
      authorizeUrl: null,
      scopes: [],
      tokenAuthMethod: 'client_secret_post',
      usePkce: true,
      errorStyle: 'standard',
    });
  });
});
