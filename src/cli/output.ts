/** Where a command writes: results to stdout, progress and errors to stderr. */
export interface Output {
  json: boolean;
  line(text?: string): void;
  data(value: unknown): void;
  progress(text: string): void;
  endProgress(): void;
  error(text: string): void;
}

export function createOutput(json: boolean): Output {
  let progressShown = false;
  const live = process.stderr.isTTY === true;
  return {
    json,
    line: (text = '') => void process.stdout.write(`${text}\n`),
    data: (value) => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    // On a terminal the progress line is rewritten in place; in a log, one line per update.
    progress: (text) => {
      process.stderr.write(live ? `\r\x1b[2K${text}` : `${text}\n`);
      progressShown = live;
    },
    endProgress: () => {
      if (progressShown) process.stderr.write('\n');
      progressShown = false;
    },
    error: (text) => void process.stderr.write(`${text}\n`),
  };
}

/** Rows as aligned columns under a header; empty cells show as `-`. */
export function table(rows: Record<string, unknown>[], columns: string[]): string {
  const cells = rows.map((row) => columns.map((column) => cell(row[column])));
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...cells.map((line) => line[index].length)),
  );
  const render = (line: string[]) =>
    line
      .map((value, index) => (index === line.length - 1 ? value : value.padEnd(widths[index])))
      .join('  ')
      .trimEnd();
  return [render(columns.map((column) => column.toUpperCase())), ...cells.map(render)].join('\n');
}

function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (Array.isArray(value)) return value.join(',') || '-';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `key: value` lines, aligned, for one resource. */
export function details(record: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(record).map((key) => key.length));
  return Object.entries(record)
    .map(([key, value]) => `${`${key}:`.padEnd(width + 1)} ${cell(value)}`)
    .join('\n');
}
