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
    // the harness hands its ports out in turn: hold the two after one it handed out (some other
    // process may hold one of them already; then try after the next one)
    let handed = await freePort();
    let taken = await listenOnAll([handed + 1, handed + 2]);
    for (let tries = 0; !taken && tries < 10; tries++) {
      handed = await freePort();
      taken = await listenOnAll([handed + 1, handed + 2]);
    }
    if (!taken) throw new Error(`could not hold two ports after ten handed out (last ${handed})`);
    try {
      expect([handed + 1, handed + 2]).not.toContain(await freePort());
    } finally {
      await closeAll(taken);
    }
  });
});

async function listenOnAll(ports: number[]): Promise<net.Server[] | null> {
  const servers: net.Server[] = [];
  for (const port of ports) {
    try {
      servers.push(await listenOn(port));
    } catch {
      await closeAll(servers);
      return null;
    }
  }
  return servers;
}

function closeAll(servers: net.Server[]): Promise<unknown> {
  return Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
}
