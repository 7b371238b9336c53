// Bench only: preloaded with `node --require` into a plugboard (or any Node.js process) to log, every
// 2 s, the event loop's delay and the garbage collector's pauses by kind, one JSON line per interval:
//   NODE_OPTIONS="--require $PWD/bench/support/gc-observer.cjs" GC_OBSERVER_OUT=/tmp/gc.log …
// `kinds` are main-thread milliseconds per perf_hooks kind: 1 minor (scavenge), 4 major (full),
// 8 incremental marking, 16 weak callbacks. It found what CPU profiles did not: the audit ledger's
// batch buffers reaching the old generation and making V8 collect in full four times as often.
const { monitorEventLoopDelay, PerformanceObserver } = require('node:perf_hooks');
const fs = require('node:fs');

const out = process.env.GC_OBSERVER_OUT || `/tmp/gc-observer-${process.pid}.log`;
const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
let gc = { count: 0, ms: 0, kinds: {} };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = entry.detail?.kind ?? entry.kind;
    gc.count++;
    gc.ms += entry.duration;
    gc.kinds[kind] = (gc.kinds[kind] || 0) + entry.duration;
  }
}).observe({ entryTypes: ['gc'] });
setInterval(() => {
  const line = {
    at: new Date().toISOString(),
    loopDelayMs: { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
    gc: { count: gc.count, ms: Math.round(gc.ms * 10) / 10, kinds: gc.kinds },
    heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1e6),
  };
  fs.appendFileSync(out, `${JSON.stringify(line)}\n`);
  delay.reset();
  gc = { count: 0, ms: 0, kinds: {} };
}, 2000).unref();
