// Bench only: preloaded with `node --require` into one plugboard of the proxy benchmark so that the audit
// ledger's writer does nothing there, which prices the ledger against the same build in the same run:
//   node bench/secret-proxy.bench.mjs --config "plugboard (audit off):NODE_OPTIONS=--require $PWD/bench/support/audit-off.cjs"
// plugboard has no setting that turns its audit off, and should not grow one for a benchmark.
const Module = require('node:module');

const load = Module._load;
Module._load = function loadWithoutAudit(...args) {
  const exported = load.apply(this, args);
  const recorder = exported && exported.AuditRecorder;
  if (typeof recorder === 'function' && !recorder.benchAuditOff) {
    recorder.prototype.record = function recordNothing() {};
    recorder.benchAuditOff = true;
  }
  return exported;
};
