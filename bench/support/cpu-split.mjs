// Where a machine's CPU goes during one load: the cores used by each named process, by every
// PostgreSQL process together, and by the whole machine, from /proc (Linux only; elsewhere null).
// A ratio against an engine is only fair to read next to this: on a 2-core machine plugboard,
// PostgreSQL, the receiver and the load generator share the same two cores.
import * as fs from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node.js runs on

function processTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the parenthesised command name, which may itself hold spaces
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}

/** A process and the processes it started (plugboard with `PROCESSES` > 1 serves from its children). */
function treeTicks(pid) {
  let ticks = processTicks(pid);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === Number(pid))
        ticks += processTicks(entry);
    } catch {
      // the process ended between the listing and the read
    }
  }
  return ticks;
}

/** Every process whose command name is `command`. */
function pidsOf(command) {
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === command) pids.push(entry);
    } catch {
      // the process ended between the listing and the read
    }
  }
  return pids;
}

const postgresPids = () => pidsOf('postgres');

/** The local Redis server's pid, to count its cores beside plugboard's; undefined when none runs here. */
export function redisServerPid() {
  return fs.existsSync('/proc') ? pidsOf('redis-server')[0] : undefined;
}

/**
 * PostgreSQL's processes come and go (a client's backend ends with its connection): each is read
 * every 200 ms, and what it used between its first and last reading counts (from 0 if it started
 * inside the window). A backend that lives less than 200 ms is missed.
 */
function watchPostgres() {
  const seen = new Map();
  const read = (bornInside) => {
    for (const pid of postgresPids()) {
      const ticks = processTicks(pid);
      const entry = seen.get(pid);
      if (entry) entry.last = Math.max(entry.last, ticks);
      else seen.set(pid, { first: bornInside ? 0 : ticks, last: ticks });
    }
  };
  read(false);
  const timer = setInterval(() => read(true), 200);
  return () => {
    clearInterval(timer);
    read(true);
    let total = 0;
    for (const { first, last } of seen.values()) total += last - first;
    return total;
  };
}

function machineTicks() {
  const [, ...values] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number);
  return {
    busy: user + nice + system + irq + softirq + steal,
    all: user + nice + system + idle + iowait + irq + softirq + steal,
  };
}

/**
 * Starts counting; `stop()` answers cores used per name (`pids`: name → pid, with its child
 * processes), `postgres`, `this`
 * (the benchmark process, i.e. an in-process load generator) and `machine` (all processes), each
 * rounded to 0.01 core.
 */
export function startCpuSplit(pids) {
  if (!fs.existsSync('/proc/stat')) return { stop: () => null };
  const started = performance.now();
  const own = process.cpuUsage();
  const postgresUsed = watchPostgres();
  const before = {
    named: Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, treeTicks(pid)])),
    machine: machineTicks(),
  };
  return {
    stop() {
      const seconds = (performance.now() - started) / 1000;
      const cores = (ticks) => Math.round((ticks / TICKS_PER_SECOND / seconds) * 100) / 100;
      const machine = machineTicks();
      const ownUsed = process.cpuUsage(own);
      return {
        ...Object.fromEntries(
          Object.entries(pids).map(([name, pid]) => [name, cores(treeTicks(pid) - before.named[name])]),
        ),
        postgres: cores(postgresUsed()),
        this: Math.round(((ownUsed.user + ownUsed.system) / 1e6 / seconds) * 100) / 100,
        machine: cores(machine.busy - before.machine.busy),
      };
    },
  };
}
