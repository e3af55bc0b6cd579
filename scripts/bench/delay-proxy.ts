// A TCP proxy on loopback that makes a far-away host out of a near one: every chunk waits half the
// round trip time each way (see dueAt), in order, and each connection's turns are recorded.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type Direction, dueAt } from './round-trips.js';

/** A chunk waiting its turn; no data means the sender's end (FIN), passed on in order too. */
interface Pending {
  due: number;
  chunk?: Buffer;
}

export class DelayProxy {
  /** Applies to connections opened from now on. */
  rttMs = 0;
  /** The directions of every chunk, one list per connection opened since the last take(). */
  private connections: Direction[][] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly targetPort: number,
  ) {}

  static async start(targetPort: number): Promise<DelayProxy> {
    const server = createServer({ allowHalfOpen: true });
    const proxy = new DelayProxy(server, targetPort);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The connections recorded so far; recording starts afresh. */
  take(): Direction[][] {
    const taken = this.connections;
    this.connections = [];
    return taken;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const log: Direction[] = [];
    this.connections.push(log);
    const server = connect({ port: this.targetPort, host: '127.0.0.1', allowHalfOpen: true });
    for (const socket of [client, server]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    }
    const link: Link = { openedAt: performance.now(), rttMs: this.rttMs, log };
    const relays = [
      delayedRelay('up', client, server, link),
      delayedRelay('down', server, client, link),
    ];
    const hangUp = () => {
      relays.forEach((relay) => relay.cancel());
      client.destroy();
      server.destroy();
    };
    Promise.all(relays.map((relay) => relay.done)).then(hangUp, hangUp);
  }
}

/** One proxied connection: when it opened, its round trip time, the directions of its chunks. */
interface Link {
  openedAt: number;
  rttMs: number;
  log: Direction[];
}

interface Relay {
  /** Settles once the end has been passed on, or rejects when either socket fails. */
  done: Promise<void>;
  cancel: () => void;
}

/**
 * Copies `from` to `to`, each chunk and then the end held until `dueAt` says, and logs each
 * chunk's direction as it arrives at the front.
 */
function delayedRelay(direction: Direction, from: Socket, to: Socket, link: Link): Relay {
  const queue: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let ended!: () => void;
  let failed!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => ((ended = resolve), (failed = reject)));
  const flush = (): void => {
    timer = undefined;
    const now = performance.now();
    while (queue.length > 0 && queue[0].due <= now) {
      const { chunk } = queue.shift() as Pending;
      if (chunk) to.write(chunk);
      else to.end(ended);
    }
    if (queue.length > 0) timer = setTimeout(flush, queue[0].due - now);
  };
  const hold = (chunk?: Buffer): void => {
    queue.push({ due: dueAt(direction, performance.now(), link.openedAt, link.rttMs), chunk });
    if (!timer) flush();
  };
  from.on('data', (chunk: Buffer) => {
    link.log.push(direction);
    hold(chunk);
  });
  let sawEnd = false;
  from.on('end', () => {
    sawEnd = true;
    hold();
  });
  from.on('close', () => {
    if (!sawEnd) failed(new Error(`the ${direction} side closed without an end`));
  });
  from.on('error', failed);
  to.on('error', failed);
  return { done, cancel: () => clearTimeout(timer) };
}
