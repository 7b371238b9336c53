import { WriteBehind } from './write-behind';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function writer(options: { maxBatch?: number; maxPending?: number; intervalMs?: number } = {}) {
  const batches: number[][] = [];
  let overflow = 0;
  let release: (() => void) | undefined;
  let stalled = false;
  const buffer = new WriteBehind<number>({
    intervalMs: options.intervalMs ?? 50,
    maxBatch: options.maxBatch,
    maxPending: options.maxPending,
    write: async (items) => {
      if (stalled) await new Promise<void>((resolve) => (release = resolve));
      batches.push(items);
    },
    onError: () => undefined,
    onOverflow: (dropped) => (overflow += dropped),
  });
  return {
    buffer,
    batches,
    overflow: () => overflow,
    stall: () => (stalled = true),
    resume: () => {
      stalled = false;
      release?.();
    },
  };
}

describe('WriteBehind', () => {
  it('writes what was added within the interval, as one batch', async () => {
    const { buffer, batches } = writer({ intervalMs: 30 });
    buffer.add(1);
    buffer.add(2);
    expect(batches).toEqual([]);
    await wait(80);
    expect(batches).toEqual([[1, 2]]);
  });

  it('writes a full batch at once, without waiting for the interval', async () => {
    const { buffer, batches } = writer({ intervalMs: 60_000, maxBatch: 3 });
    [1, 2, 3, 4].forEach((item) => buffer.add(item));
    await wait(10);
    expect(batches).toEqual([[1, 2, 3]]);
    await buffer.close();
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('holds at most maxPending items while a write is stalled, counting the ones it refuses', async () => {
    const { buffer, batches, overflow, stall, resume } = writer({ maxBatch: 2, maxPending: 5 });
    stall();
    buffer.add(0);
    buffer.add(1); // a full batch: its write starts and stalls
    await wait(5);
    for (let item = 2; item < 12; item++) buffer.add(item);
    expect(buffer.size).toBe(5);
    expect(overflow()).toBe(5);
    resume();
    await buffer.close();
    expect(batches.flat()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('with keyOf, writes an item once per batch however often it came, its latest copy', async () => {
    const batches: string[][] = [];
    const buffer = new WriteBehind<string>({
      intervalMs: 60_000,
      keyOf: (item) => item.split(':')[0],
      write: async (items) => void batches.push(items),
      onError: () => undefined,
    });
    ['a:1', 'b:1', 'a:2', 'a:3'].forEach((item) => buffer.add(item));
    expect(buffer.size).toBe(2);
    await buffer.close();
    expect(batches).toEqual([['a:3', 'b:1']]);
  });

  it('with its own batches, writes what each one built, sealing one at maxBatch', async () => {
    const written: string[] = [];
    const buffer = new WriteBehind<number, string>({
      intervalMs: 60_000,
      maxBatch: 2,
      newBatch: () => {
        const parts: number[] = [];
        return {
          add: (item) => parts.push(item),
          contents: () => parts.join('+'),
          get size() {
            return parts.length;
          },
        };
      },
      write: async (contents) => void written.push(contents),
      onError: () => undefined,
    });
    [1, 2, 3].forEach((item) => buffer.add(item));
    await buffer.close();
    expect(written).toEqual(['1+2', '3']);
  });

  it('writes what is left on close, and takes nothing after', async () => {
    const { buffer, batches } = writer({ intervalMs: 60_000 });
    buffer.add(7);
    await buffer.close();
    buffer.add(8);
    await buffer.flush();
    expect(batches).toEqual([[7]]);
  });
});
