// One runner for every benchmark: `npm run bench` (full size) or `npm run bench -- --quick`.
// Discovers bench/*.bench.mjs (plus the names in LEGACY while branches still use them), runs each in
// its own process with the same flags, then regenerates bench/RESULTS.md from the results each one
// wrote (bench/results/<name>.json, or <name>-quick.json) and draws a latency-distribution SVG for
// every result that carries `distributions`. See bench/README.md for the convention.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { formatMarkdown, loadAverage, machine, QUICK, ROOT } from './lib.mjs';

const BENCH_DIR = path.join(ROOT, 'bench');
const RESULTS_DIR = path.join(BENCH_DIR, 'results');
// scripts written before the convention; they join the run when present (rename them to *.bench.mjs)
const LEGACY = ['proxy.mjs', 'proxy-overhead.mjs'];
// the soak runs last: it is the longest and wants a quiet machine after the others
const LAST = ['soak.bench.mjs'];

// --report-only: run nothing, rebuild RESULTS.md from the results on disk (each names its own run)
const REPORT_ONLY = process.argv.includes('--report-only');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const passThrough = process.argv
  .slice(2)
  .filter((arg, index, all) => arg !== '--only' && arg !== '--report-only' && all[index - 1] !== '--only');

function discover() {
  const files = fs.readdirSync(BENCH_DIR);
  const scripts = files.filter((file) => file.endsWith('.bench.mjs') || LEGACY.includes(file));
  return scripts
    .sort((a, b) => Number(LAST.includes(a)) - Number(LAST.includes(b)) || a.localeCompare(b))
    .filter((file) => !only || nameOf(file) === only);
}

const nameOf = (file) => file.replace(/\.bench\.mjs$|\.mjs$/, '');

function run(file) {
  const started = Date.now();
  console.log(`\n=== ${file} ${passThrough.join(' ')}`);
  const child = spawnSync(process.execPath, [path.join(BENCH_DIR, file), ...passThrough], {
    cwd: ROOT,
    stdio: 'inherit',
    env: process.env,
  });
  return {
    file,
    name: nameOf(file),
    status: child.status,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

function readResult(name) {
  for (const candidate of QUICK ? [`${name}-quick`] : [name]) {
    const json = path.join(RESULTS_DIR, `${candidate}.json`);
    if (fs.existsSync(json)) return { file: candidate, data: JSON.parse(fs.readFileSync(json, 'utf8')) };
  }
  return null;
}

const fmt = (value, unit) =>
  value === undefined || value === null
    ? '–'
    : `${typeof value === 'number' ? value.toLocaleString('en') : value}${unit && unit !== 'calls' ? ` ${unit}` : ''}`;

/** A small hand-written SVG: one polyline per distribution over log2 latency buckets (share of requests). */
export function latencySvg(title, distributions) {
  const width = 560;
  const height = 260;
  const pad = { left: 50, right: 20, top: 30, bottom: 45 };
  const series = Object.entries(distributions).filter(([, hist]) => hist.count > 0);
  const uppers = [...new Set(series.flatMap(([, hist]) => hist.buckets.map((bucket) => bucket.upToMs)))].sort(
    (a, b) => a - b,
  );
  if (uppers.length === 0) return null;
  const minExp = Math.log2(uppers[0]);
  const maxExp = Math.max(minExp + 1, Math.log2(uppers[uppers.length - 1]));
  const x = (upToMs) =>
    pad.left + ((Math.log2(upToMs) - minExp) / (maxExp - minExp)) * (width - pad.left - pad.right);
  const maxShare = Math.max(
    ...series.flatMap(([, hist]) => hist.buckets.map((bucket) => bucket.count / hist.count)),
  );
  const y = (share) => height - pad.bottom - (share / maxShare) * (height - pad.top - pad.bottom);
  const colours = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e'];
  const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const lines = series.map(([label, hist], index) => {
    const points = hist.buckets.map(
      (bucket) => `${x(bucket.upToMs).toFixed(1)},${y(bucket.count / hist.count).toFixed(1)}`,
    );
    const colour = colours[index % colours.length];
    return [
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.join(' ')}"/>`,
      ...hist.buckets.map(
        (bucket) =>
          `<circle cx="${x(bucket.upToMs).toFixed(1)}" cy="${y(bucket.count / hist.count).toFixed(1)}" r="3" fill="${colour}"/>`,
      ),
      `<text x="${width - pad.right}" y="${pad.top + 14 * index}" text-anchor="end" fill="${colour}">${escape(label)} (n=${hist.count})</text>`,
    ].join('\n');
  });
  const ticks = [];
  for (let exp = Math.floor(minExp); exp <= maxExp; exp += 1) {
    const upTo = 2 ** exp;
    ticks.push(
      `<line x1="${x(upTo).toFixed(1)}" x2="${x(upTo).toFixed(1)}" y1="${height - pad.bottom}" y2="${height - pad.bottom + 4}" stroke="#333"/>`,
      `<text x="${x(upTo).toFixed(1)}" y="${height - pad.bottom + 16}" text-anchor="middle">${upTo}</text>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">
<title>${escape(title)}</title>
<rect width="${width}" height="${height}" fill="#fff"/>
<text x="${pad.left}" y="16" font-size="13">${escape(title)}</text>
<line x1="${pad.left}" x2="${width - pad.right}" y1="${height - pad.bottom}" y2="${height - pad.bottom}" stroke="#333"/>
<line x1="${pad.left}" x2="${pad.left}" y1="${pad.top}" y2="${height - pad.bottom}" stroke="#333"/>
<text x="${(pad.left + width - pad.right) / 2}" y="${height - 8}" text-anchor="middle">latency, ms (log2 buckets: up to)</text>
<text x="12" y="${(pad.top + height - pad.bottom) / 2}" transform="rotate(-90 12 ${(pad.top + height - pad.bottom) / 2})" text-anchor="middle">share of requests</text>
<text x="${pad.left - 4}" y="${pad.top + 4}" text-anchor="end">${(maxShare * 100).toFixed(0)}%</text>
<text x="${pad.left - 4}" y="${height - pad.bottom}" text-anchor="end">0</text>
${ticks.join('\n')}
${lines.join('\n')}
</svg>
`;
}

const NOTES_START = '<!-- notes:start -->';
const NOTES_END = '<!-- notes:end -->';

/** The hand-written notes of the current RESULTS.md (missed targets explained), kept across runs. */
function notes() {
  const file = path.join(BENCH_DIR, 'RESULTS.md');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const start = text.indexOf(NOTES_START);
  const end = text.indexOf(NOTES_END);
  if (start >= 0 && end > start) return text.slice(start + NOTES_START.length, end).trim();
  return '## Notes\n\nWhere a target is missed: what the profile (PROFILE.md) shows is left, and why.';
}

/** What each benchmark is held to; the README quotes the figures only. */
const TARGETS = [
  '## Targets',
  '',
  'What each benchmark is held to (the `target` column below; the README quotes the figures only):',
  '',
  '| area | target |',
  '|---|---|',
  "| ingress accept | durable accepts/s at concurrency 32 ≥ 70% of `pgbench`'s single-row inserts of the same shape, same run |",
  '| ingress delivery | every accepted delivery POSTed, no duplicate POSTs in normal operation |',
  '| refresh coalescing | exactly 1 token-endpoint call per expiry, whatever the number of callers and processes; 0 `invalid_grant` |',
  "| secret proxy | added p99 over calling the upstream directly ≤ 5 ms at concurrency 1; ≥ 60% of nginx's rps at concurrency 32; RSS flat over 60 s |",
  '| sweep | interaction claim p99 < 20 ms while the sweep runs |',
  '| soak | RSS growth < 5% over the last half; event-loop lag p99 < 20 ms |',
];

/** A benchmark as its last result on disk recorded it, for --report-only. */
function fromDisk(file) {
  const name = nameOf(file);
  return { file, name, status: readResult(name) ? 0 : 'no result', seconds: '–' };
}

async function main() {
  const scripts = discover();
  const m = machine();
  const runs = REPORT_ONLY ? scripts.map(fromDisk) : scripts.map(run);
  const loadAfter = loadAverage();
  const mode = QUICK
    ? 'QUICK RUN (`--quick`: small sizes, short durations; not the figures to quote)'
    : 'full run';
  const out = [
    '# Benchmark results',
    '',
    `> Generated by \`npm run bench${QUICK ? ' -- --quick' : ''}\` (\`bench/run-all.mjs\`). **${mode}.**`,
    '',
    ...(REPORT_ONLY
      ? [
          `- regenerated ${m.date} from the results on disk (\`--report-only\`): each report below names its own date, build, machine and load average`,
        ]
      : [
          `- date: ${m.date}`,
          `- build under test: ${m.root === ROOT ? 'this checkout' : `\`${m.root}\``} at commit ${m.commit} (dist built ${m.builtAt}); bench scripts at ${m.benchCommit}`,
          `- machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB RAM; load average (1/5/15 min) ${m.loadAverage.join(' / ')} before the run, ${loadAfter.join(' / ')} after`,
        ]),
    `- Node ${m.node}, ${m.postgres}; each report names its load generator and tool versions`,
    '',
    'Each figure sits next to the baseline measured in the same run (same machine, same minute).',
    '',
    ...TARGETS,
    '',
    '| benchmark | figure | value | baseline (same run) | target | result |',
    '|---|---|---|---|---|---|',
  ];
  const details = [];
  for (const ran of runs) {
    const result = readResult(ran.name);
    if (ran.status !== 0) {
      out.push(
        `| ${ran.name} | run failed (exit ${ran.status}, ${ran.seconds} s) | – | – | – | **failed** |`,
      );
      continue;
    }
    if (!result?.data?.figures) {
      out.push(
        `| ${ran.name} | see its report (no \`figures\` in its JSON) | – | – | – | ${ran.seconds} s |`,
      );
      continue;
    }
    for (const figure of result.data.figures) {
      const baseline =
        figure.baseline === undefined
          ? '–'
          : `${fmt(figure.baseline, figure.baselineUnit ?? figure.unit)} (${figure.baselineLabel ?? 'baseline'})`;
      const verdict = figure.pass === undefined ? '' : figure.pass ? 'pass' : '**fail**';
      out.push(
        `| ${ran.name} | ${figure.figure} | ${fmt(figure.value, figure.unit)} | ${baseline} | ${figure.target ?? '–'} | ${verdict} |`,
      );
    }
    details.push(
      `- ${ran.name}: [\`results/${result.file}.md\`](results/${result.file}.md)${REPORT_ONLY ? '' : ` (${ran.seconds} s)`}`,
    );
    if (result.data.distributions) {
      const svg = latencySvg(
        `${ran.name}${QUICK ? ' (quick)' : ''}: latency distribution`,
        result.data.distributions,
      );
      if (svg) {
        fs.writeFileSync(path.join(RESULTS_DIR, `${result.file}-latency.svg`), svg);
        details.push(`\n  ![${ran.name} latency](results/${result.file}-latency.svg)\n`);
      }
    }
  }
  out.push('', NOTES_START, '', notes(), '', NOTES_END, '', '## Reports', '', ...details, '');
  fs.writeFileSync(path.join(BENCH_DIR, 'RESULTS.md'), out.join('\n'));
  await formatMarkdown(path.join(BENCH_DIR, 'RESULTS.md'));
  console.log(
    `\nwrote bench/RESULTS.md (${runs.length} benchmarks, ${runs.filter((r) => r.status !== 0).length} failed)`,
  );
  if (runs.some((ran) => ran.status !== 0)) process.exitCode = 1;
}

await main();
