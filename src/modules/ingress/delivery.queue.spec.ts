import { deliveryJobId } from './delivery.queue';

describe('deliveryJobId', () => {
  const id = '0b6f6a52-2f0e-4a43-9d5c-3c0f0f2f9a11';

  it('is hash-prefixed, has no colon and is stable for the same attempt', () => {
    const jobId = deliveryJobId({ id, attempts: 0, redrives: 0 });
    expect(jobId).toMatch(/^[0-9a-f]{8}-/);
    expect(jobId).not.toContain(':');
    expect(deliveryJobId({ id, attempts: 0, redrives: 0 })).toBe(jobId);
  });

  it('is fresh for each retry, each redrive and each lease recovery', () => {
    const ids = new Set([
      deliveryJobId({ id, attempts: 0, redrives: 0 }),
      deliveryJobId({ id, attempts: 1, redrives: 0 }),
      deliveryJobId({ id, attempts: 1, redrives: 1 }),
      deliveryJobId({ id, attempts: 1, redrives: 1, recoveredFrom: new Date(1_700_000_000_000) }),
    ]);
    expect(ids.size).toBe(4);
  });
});
