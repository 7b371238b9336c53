import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { freePort } from '../../support/process';

const ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0]);

function listenOn(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('freePort (the test harness)', () => {
  it('hands out distinct ports below the kernel’s ephemeral range, where bind(0) never lands', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 50; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(50);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(1024);
      expect(port).toBeLessThan(ephemeralStart);
    }
    const kernels = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const server = await listenOn(0);
        const { port } = server.address() as net.AddressInfo;
        await new Promise((resolve) => server.close(resolve));
        return port;
      }),
    );
    expect(kernels.filter((port) => port < ephemeralStart)).toEqual([]);
  });

  it('skips a port something already listens on', async () => {
    const handed = await freePort();
    const taken = await Promise.all([listenOn(handed + 1), listenOn(handed + 2)]).catch(() => null);
    // at the end of the worker's slice the next ports wrap around: nothing to check this time
    if (!taken) return;
    try {
      const next = await freePort();
      expect([handed + 1, handed + 2]).not.toContain(next);
    } finally {
      await Promise.all(taken.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });
});
