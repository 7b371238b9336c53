// Run with `node [flags] young-generation-probe.cjs`: grows V8's young generation, then makes V8 give
// memory back and prints {grown, now} in MiB. A heap snapshot starts with a memory-reducing full
// collection on Node 20 and 24 alike, so the shrink happens now, not whenever V8's memory reducer
// decides to act (the reducer alone left a loaded CI machine at full size for 50 s).
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
v8.getHeapSnapshot().destroy();
process.stdout.write(JSON.stringify({ grown, now: youngMiB() }));
