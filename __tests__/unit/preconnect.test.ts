// Opening a connection ahead of the first request: against a real local server that counts the
// connections it accepts.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PreconnectingHttpAgent, originOf } from '../../src/tencent-api/preconnect.js';

describe('originOf', () => {
  it.each([
    [{ protocol: 'https://', host: 'ssm.tencentcloudapi.com' }, 'ssm.tencentcloudapi.com', 443],
    [{ protocol: 'http://', host: '127.0.0.1:8080' }, '127.0.0.1', 8080],
    [{ protocol: 'https://', host: '[::1]:8443' }, '::1', 8443],
    [{ protocol: 'http://', host: 'emulator.local' }, 'emulator.local', 80],
  ] as const)('%o -> %s:%i', (endpoint, host, port) => {
    expect(originOf(endpoint)).toEqual({ host, port });
  });
});

interface CountingServer {
  port: number;
  connections: Socket[];
  close: () => Promise<void>;
}

let server: CountingServer | undefined;

async function startServer(): Promise<CountingServer> {
  const connections: Socket[] = [];
  const httpServer = http.createServer((_req, res) => res.end('ok'));
  httpServer.on('connection', (socket: Socket) => connections.push(socket));
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  const close = () => {
    httpServer.closeAllConnections();
    return new Promise<void>((resolve) => httpServer.close(() => resolve()));
  };
  return { port, connections, close };
}

function get(agent: http.Agent, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
};

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('PreconnectingHttpAgent', () => {
  it('opens one connection before any request, and the requests ride it', async () => {
    server = await startServer();
    const agent = new PreconnectingHttpAgent({ keepAlive: true });
    const origin = { host: '127.0.0.1', port: server.port };
    agent.preconnect(origin);
    agent.preconnect(origin);
    await until(() => server!.connections.length > 0);
    expect(server.connections).toHaveLength(1);
    expect(await get(agent, server.port)).toBe('ok');
    expect(await get(agent, server.port)).toBe('ok');
    expect(server.connections).toHaveLength(1);
    agent.destroy();
  });

  it('drops a parked connection the server closed, and the request opens its own', async () => {
    server = await startServer();
    const agent = new PreconnectingHttpAgent({ keepAlive: true });
    agent.preconnect({ host: '127.0.0.1', port: server.port });
    await until(() => server!.connections.length > 0);
    const parked = server.connections[0]!;
    const closed = new Promise((resolve) => parked.once('close', resolve));
    parked.destroy();
    await closed;
    expect(await get(agent, server.port)).toBe('ok');
    expect(server.connections).toHaveLength(2);
    agent.destroy();
  });

  it('closes a parked connection nobody used when destroyed', async () => {
    server = await startServer();
    const agent = new PreconnectingHttpAgent({ keepAlive: true });
    agent.preconnect({ host: '127.0.0.1', port: server.port });
    await until(() => server!.connections.length > 0);
    const closed = new Promise((resolve) => server!.connections[0]!.once('close', resolve));
    agent.destroy();
    await closed;
    expect(server.connections[0]!.destroyed).toBe(true);
  });

  it('never hands a connection to another origin', async () => {
    server = await startServer();
    const other = await startServer();
    try {
      const agent = new PreconnectingHttpAgent({ keepAlive: true });
      agent.preconnect({ host: '127.0.0.1', port: other.port });
      await until(() => other.connections.length > 0);
      expect(await get(agent, server.port)).toBe('ok');
      expect(server.connections).toHaveLength(1);
      agent.destroy();
    } finally {
      await other.close();
    }
  });

  it('a connection that cannot open is no error of its own', async () => {
    server = await startServer();
    const port = server.port;
    await server.close();
    server = undefined;
    const agent = new PreconnectingHttpAgent({ keepAlive: true });
    agent.preconnect({ host: '127.0.0.1', port });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(get(agent, port)).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
  });
});
