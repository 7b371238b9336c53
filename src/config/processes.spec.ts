import * as os from 'node:os';
import { availableCores } from './available-cores';
import { ConfigError, loadConfig } from './load-config';

const files = (contents: Record<string, string>) => (file: string) => {
  if (file in contents) return contents[file];
  throw new Error(`ENOENT: ${file}`);
};

describe('PROCESSES', () => {
  it('is 1 unless set, a number when one is given, and refuses anything else', () => {
    expect(loadConfig({}).processes).toBe(1);
    expect(loadConfig({ PROCESSES: '4' }).processes).toBe(4);
    for (const bad of ['0', '65', '-1', 'two', '1.5']) {
      expect(() => loadConfig({ PROCESSES: bad })).toThrow(ConfigError);
    }
    expect(() => loadConfig({ PROCESSES: 'many' })).toThrow(
      'PROCESSES must be auto or a number from 1 to 64',
    );
  });

  it('auto is the cores there are, at most the machine has', () => {
    const auto = loadConfig({ PROCESSES: 'auto' }).processes;
    expect(auto).toBeGreaterThanOrEqual(1);
    expect(auto).toBeLessThanOrEqual(os.availableParallelism());
  });
});

describe('availableCores', () => {
  const machine = os.availableParallelism();

  it('is the machine without a CPU quota', () => {
    expect(availableCores(files({}))).toBe(machine);
    expect(availableCores(files({ '/sys/fs/cgroup/cpu.max': 'max 100000\n' }))).toBe(machine);
    expect(
      availableCores(
        files({
          '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1',
          '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000',
        }),
      ),
    ).toBe(machine);
  });

  it("follows a container's quota (cgroup v2 and v1), at least 1, never more than the machine", () => {
    expect(availableCores(files({ '/sys/fs/cgroup/cpu.max': '100000 100000\n' }))).toBe(1);
    expect(availableCores(files({ '/sys/fs/cgroup/cpu.max': '50000 100000\n' }))).toBe(1);
    expect(availableCores(files({ '/sys/fs/cgroup/cpu.max': `${machine * 400000} 100000\n` }))).toBe(machine);
    expect(
      availableCores(
        files({
          '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '100000',
          '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000',
        }),
      ),
    ).toBe(1);
  });
});
