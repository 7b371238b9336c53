import { freePortOtherThan } from './embedded-postgres';

describe('freePortOtherThan (the embedded cluster’s port)', () => {
  it('picks again when the free port is the one plugboard is about to listen on', async () => {
    const offered = [42421, 42421, 51000];
    const pick = jest.fn(async () => offered.shift()!);
    await expect(freePortOtherThan(42421, pick)).resolves.toBe(51000);
    expect(pick).toHaveBeenCalledTimes(3);
  });

  it('takes the first free port when none is to be avoided', async () => {
    const pick = jest.fn(async () => 42421);
    await expect(freePortOtherThan(undefined, pick)).resolves.toBe(42421);
    expect(pick).toHaveBeenCalledTimes(1);
  });
});
