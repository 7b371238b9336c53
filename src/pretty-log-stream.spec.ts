import { formatLogLine } from './pretty-log-stream';

describe('formatLogLine', () => {
  const time = Date.UTC(2026, 0, 2, 12, 4, 5);

  it('shows time, level, context, message and the other fields', () => {
    const line = JSON.stringify({
      level: 40,
      time,
      pid: 1,
      hostname: 'h',
      context: 'Sweep',
      msg: 'slow',
      tookMs: 12,
    });
    expect(formatLogLine(line, false)).toBe('12:04:05 WARN  [Sweep] slow  tookMs=12');
  });

  it('shows a request line as method, path, status and duration', () => {
    const line = JSON.stringify({
      level: 30,
      time,
      req: { id: 'r1', method: 'POST', path: '/v1/orgs' },
      res: { statusCode: 201 },
      responseTime: 12.4,
      msg: 'request completed',
    });
    expect(formatLogLine(line, false)).toBe('12:04:05 INFO  POST /v1/orgs → 201 12 ms');
  });

  it('adds an error stack on its own lines and leaves a non-JSON line as it is', () => {
    const line = JSON.stringify({
      level: 50,
      time,
      msg: 'boom',
      err: { message: 'x', stack: 'Error: x\n    at y' },
    });
    expect(formatLogLine(line, false)).toBe('12:04:05 ERROR boom\nError: x\n    at y');
    expect(formatLogLine('plain text', false)).toBe('plain text');
  });
});
