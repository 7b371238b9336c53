import { Writable } from 'node:stream';

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const COLORS: Record<number, string> = { 20: '90', 30: '32', 40: '33', 50: '31', 60: '35' };
/** Fields every line has, or that the line's head already shows. */
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'context', 'req', 'res', 'responseTime']);

interface LogLine {
  level?: number;
  time?: number;
  msg?: unknown;
  context?: unknown;
  req?: { method?: string; path?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { message?: string; stack?: string };
  [field: string]: unknown;
}

/** One pino JSON line as a person reads it: `12:04:05 INFO  [Context] message key=value`. */
export function formatLogLine(json: string, colors: boolean): string {
  let line: LogLine;
  try {
    line = JSON.parse(json) as LogLine;
  } catch {
    return json;
  }
  const level = line.level ?? 30;
  const paint = (code: string | undefined, text: string) =>
    colors && code ? `\x1b[${code}m${text}\x1b[0m` : text;
  const time = new Date(line.time ?? Date.now()).toISOString().slice(11, 19);
  const head = `${paint('90', time)} ${paint(COLORS[level], (LEVELS[level] ?? String(level)).padEnd(5))}`;
  const context = typeof line.context === 'string' ? `${paint('36', `[${line.context}]`)} ` : '';
  let message = typeof line.msg === 'string' ? line.msg : '';
  if (line.req?.method && line.res?.statusCode !== undefined) {
    const took = typeof line.responseTime === 'number' ? ` ${Math.round(line.responseTime)} ms` : '';
    message = `${line.req.method} ${line.req.path ?? ''} → ${line.res.statusCode}${took}`;
  }
  const fields = Object.entries(line)
    .filter(([key, value]) => !SHOWN.has(key) && key !== 'err' && value !== undefined)
    .map(
      ([key, value]) =>
        `${paint('90', `${key}=`)}${typeof value === 'string' ? value : JSON.stringify(value)}`,
    );
  const error = line.err?.stack ?? line.err?.message;
  return `${head} ${context}${message}${fields.length ? `  ${fields.join(' ')}` : ''}${error ? `\n${error}` : ''}`;
}

/**
 * LOG_FORMAT=pretty: pino still serialises (and redacts) every line as JSON, and this stream turns
 * each into one readable line before it reaches the terminal.
 */
export class PrettyLogStream extends Writable {
  private pending = '';

  constructor(
    private readonly target: { write(text: string): unknown },
    private readonly colors: boolean,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: string, callback: (error?: Error | null) => void): void {
    const text = this.pending + chunk.toString('utf8');
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    const formatted = lines.filter(Boolean).map((line) => `${formatLogLine(line, this.colors)}\n`);
    if (formatted.length > 0) this.target.write(formatted.join(''));
    callback();
  }
}
