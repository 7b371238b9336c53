// Run with `node --expose-gc [flags] young-generation-probe.cjs`: grows V8's young generation, then
// asks V8 to give memory back, and prints {grown, now} in MiB once the young generation shrank (or
// after 50 s). Node 24 shrinks it on a last-resort collection; Node 20 only through its memory
// reducer, which acts after several seconds of low allocation, hence the polling.
const v8 = require('node:v8');

const youngMiB = () =>
  v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size / 2 ** 20;

let survivors = [];
for (let i = 0; i < 3e6; i++) {
  survivors.push({ i, text: `x${i}` });
  if (survivors.length > 2e5) survivors = [];
}
survivors = null;
const grown = youngMiB();
globalThis.gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
const started = Date.now();
const poll = setInterval(() => {
  const now = youngMiB();
  if (now < grown || Date.now() - started > 50_000) {
    clearInterval(poll);
    process.stdout.write(JSON.stringify({ grown, now }));
  }
}, 500);
