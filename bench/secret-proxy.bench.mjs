// Runner entry for the secret-proxy benchmark (bench/secret-proxy/run.mjs: plugboard vs nginx vs the
// upstream called directly, same run). `--quick` shortens it to one round of 2 s and a 10 s RSS run.
const quick = process.argv.includes('--quick');
if (quick) process.argv.push('--duration', '2', '--rounds', '1', '--rss-seconds', '10');
await import('./secret-proxy/run.mjs');
