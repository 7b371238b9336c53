import { deliveryUrlWarnings } from './delivery-url.rules';

describe('deliveryUrlWarnings', () => {
  it.each([
    'http://127.0.0.1:3999/hooks',
    'http://localhost:3999/hooks',
    'http://api.localhost/hooks',
    'http://10.1.2.3/hooks',
    'http://192.168.0.10:8080/x',
    'http://[::1]:3999/hooks',
    'http://169.254.169.254/latest',
  ])('warns about %s and names both ways out', (url) => {
    const [warning] = deliveryUrlWarnings(url, false);
    expect(warning).toContain(url);
    expect(warning).toContain('ALLOW_PRIVATE_UPSTREAMS=true');
    expect(warning).toContain('plugboard listen');
  });

  it.each(['https://agents.example.com/hooks', 'http://93.184.216.34/hooks', 'not a url'])(
    'says nothing about %s',
    (url) => {
      expect(deliveryUrlWarnings(url, false)).toEqual([]);
    },
  );

  it('says nothing when private upstreams are allowed or there is no URL', () => {
    expect(deliveryUrlWarnings('http://127.0.0.1:3999/hooks', true)).toEqual([]);
    expect(deliveryUrlWarnings(undefined, false)).toEqual([]);
  });
});
