import { Singleflight } from './singleflight';

describe('Singleflight', () => {
  it('runs the work once for concurrent callers of one key and lets them share the result', async () => {
    const flight = new Singleflight<number>();
    let calls = 0;
    let release: (value: number) => void = () => undefined;
    const work = () => {
      calls += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const first = flight.run('a', work);
    const second = flight.run('a', work);
    release(7);
    expect(await Promise.all([first.promise, second.promise])).toEqual([7, 7]);
    expect(calls).toBe(1);
    expect([first.joined, second.joined]).toEqual([false, true]);
  });

  it('starts fresh once the previous work settled, also after a failure', async () => {
    const flight = new Singleflight<number>();
    await expect(flight.run('a', () => Promise.reject(new Error('boom'))).promise).rejects.toThrow('boom');
    expect(await flight.run('a', () => Promise.resolve(2)).promise).toBe(2);
  });
});
