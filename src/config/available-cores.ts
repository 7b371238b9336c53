import { readFileSync } from 'node:fs';
import * as os from 'node:os';

/**
 * The cores this process may use: the machine's, or fewer when a cgroup CPU quota caps it (a
 * container's `--cpus`), which `os.availableParallelism()` does not see on Node.js 20. At least 1.
 */
export function availableCores(readFile: (file: string) => string = readText): number {
  const machine = os.availableParallelism();
  const quota = cgroupQuota(readFile);
  return Math.max(1, Math.min(machine, quota === undefined ? machine : Math.floor(quota)));
}

/** The CPU quota in cores from cgroup v2 (`cpu.max`: "<quota> <period>" or "max <period>") or v1. */
function cgroupQuota(readFile: (file: string) => string): number | undefined {
  const v2 = attempt(() => readFile('/sys/fs/cgroup/cpu.max'));
  if (v2 !== undefined) {
    const [quota, period] = v2.trim().split(/\s+/);
    return quota === 'max' ? undefined : Number(quota) / Number(period);
  }
  const quota = attempt(() => readFile('/sys/fs/cgroup/cpu/cpu.cfs_quota_us'));
  const period = attempt(() => readFile('/sys/fs/cgroup/cpu/cpu.cfs_period_us'));
  if (quota === undefined || period === undefined || Number(quota) <= 0) return undefined;
  return Number(quota) / Number(period);
}

function attempt(read: () => string): string | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
