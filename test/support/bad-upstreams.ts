import { createServer, Server, ServerResponse } from 'node:http';
import * as net from 'node:net';

/** Upstreams that misbehave on purpose: one answers after `delayMs`, one accepts TCP and never answers. */
export interface BadUpstream {
  url: string;
  connections: number;
  close(): Promise<void>;
}

export async function startSlowUpstream(delayMs: number): Promise<BadUpstream> {
  const pending = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  const state = { connections: 0 };
  const server: Server = createServer((request, response) => {
    state.connections++;
    request.resume();
    pending.add(response);
    const timer = setTimeout(() => {
      timers.delete(timer);
      pending.delete(response);
      response.writeHead(204).end();
    }, delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slow`,
    get connections() {
      return state.connections;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const response of pending) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export async function startBlackhole(): Promise<BadUpstream> {
  const sockets = new Set<net.Socket>();
  const state = { connections: 0 };
  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    // read nothing back, answer nothing: the request just sits there
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/blackhole`,
    get connections() {
      return state.connections;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
