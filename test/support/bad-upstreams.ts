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

export interface EndlessUpstream extends BadUpstream {
  /** Bytes of body the upstream managed to write before its client hung up. */
  bytesWritten: number;
  /** Resolves once every connection it answered has been closed by the client. */
  allClosed(): Promise<void>;
}

/**
 * Answers every request 200 with a JSON-looking body that never ends (chunked, written as fast as the
 * client reads), as a hostile tokenUrl or chat API would: only a client that stops reading survives.
 */
export async function startEndlessUpstream(): Promise<EndlessUpstream> {
  const state = { connections: 0, bytesWritten: 0, open: 0 };
  const waiters: Array<() => void> = [];
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const server: Server = createServer((request, response) => {
    state.connections++;
    state.open++;
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"access_token":"');
    let closed = false;
    response.on('close', () => {
      closed = true;
      state.open--;
      if (state.open === 0) waiters.splice(0).forEach((resolve) => resolve());
    });
    const pump = () => {
      while (!closed) {
        state.bytesWritten += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/endless`,
    get connections() {
      return state.connections;
    },
    get bytesWritten() {
      return state.bytesWritten;
    },
    allClosed: () =>
      state.open === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
