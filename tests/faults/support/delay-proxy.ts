import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a PostgreSQL server that delays every chunk, in both
 * directions, by a delay the test changes at will: a slow network or an overloaded server, as
 * seen from Lifeguard. It also reads the protocol's message framing, to count what Lifeguard
 * does: connections open at once, and queries in flight on one connection (a query is sent
 * with 'Q' or, in the extended protocol, ends with Sync 'S'; each is answered by one
 * ReadyForQuery 'Z').
 */
export interface DelayProxy {
  port: number;
  setDelay(ms: number): void;
  stats(): ProxyStats;
  /** Forgets the maxima (not the open connections), to measure one phase. */
  resetMaxima(): void;
  close(): Promise<void>;
}

export interface ProxyStats {
  connections: number;
  /** Connections whose client side is open: what Lifeguard considers in use. */
  openByClient: number;
  maxOpenByClient: number;
  /** Connections not yet fully closed on both sides (a slow goodbye included). */
  maxOpen: number;
  /** The most queries sent on one connection before the previous one was answered. */
  maxInFlight: number;
  queries: number;
}

/** Splits a PostgreSQL byte stream into message types; the startup message has no type byte. */
function messageTypes(untypedFirst: boolean): (chunk: Buffer) => string[] {
  let buffered = Buffer.alloc(0);
  let first = untypedFirst;
  return (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    const types: string[] = [];
    for (;;) {
      if (first) {
        if (buffered.length < 4) break;
        const length = buffered.readInt32BE(0);
        if (buffered.length < length) break;
        buffered = buffered.subarray(length);
        first = false;
        continue;
      }
      if (buffered.length < 5) break;
      const length = buffered.readInt32BE(1);
      if (buffered.length < 1 + length) break;
      types.push(String.fromCharCode(buffered[0]!));
      buffered = buffered.subarray(1 + length);
    }
    return types;
  };
}

export async function startDelayProxy(upstreamPort: number): Promise<DelayProxy> {
  let delayMs = 0;
  const stats: ProxyStats = { connections: 0, openByClient: 0, maxOpenByClient: 0, maxOpen: 0, maxInFlight: 0, queries: 0 };
  let open = 0;
  const sockets = new Set<net.Socket>();

  /** Forwards `from` → `to` after the current delay, keeping the order of chunks and of the end. */
  function pipeDelayed(from: net.Socket, to: net.Socket, onChunk: (chunk: Buffer) => void): void {
    let last = 0;
    const later = (action: () => void) => {
      last = Math.max(Date.now() + delayMs, last);
      setTimeout(action, last - Date.now());
    };
    from.on('data', (chunk: Buffer) => {
      onChunk(chunk);
      later(() => to.write(chunk));
    });
    from.on('end', () => later(() => to.end()));
  }

  const server = net.createServer((client) => {
    stats.connections++;
    open++;
    stats.openByClient++;
    stats.maxOpen = Math.max(stats.maxOpen, open);
    stats.maxOpenByClient = Math.max(stats.maxOpenByClient, stats.openByClient);
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let inFlight = 0;
    // The first ReadyForQuery ends the start-up; it answers no query.
    let readyAnswersQuery = false;
    const fromClient = messageTypes(true);
    const fromServer = messageTypes(false);
    pipeDelayed(client, upstream, (chunk) => {
      for (const type of fromClient(chunk)) {
        if (type !== 'Q' && type !== 'S') continue;
        stats.queries++;
        inFlight++;
        stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      }
    });
    pipeDelayed(upstream, client, (chunk) => {
      for (const type of fromServer(chunk)) {
        if (type !== 'Z') continue;
        if (readyAnswersQuery) inFlight = Math.max(0, inFlight - 1);
        readyAnswersQuery = true;
      }
    });
    let clientOpen = true;
    const clientGone = () => {
      if (!clientOpen) return;
      clientOpen = false;
      stats.openByClient--;
    };
    client.on('end', clientGone);
    let closed = 0;
    const onClose = () => {
      clientGone();
      if (++closed === 2) open--;
    };
    for (const socket of [client, upstream]) {
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on('close', () => {
        sockets.delete(socket);
        onClose();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('proxy has no address');

  return {
    port: address.port,
    setDelay: (ms) => {
      delayMs = ms;
    },
    stats: () => ({ ...stats }),
    resetMaxima: () => {
      stats.maxOpen = open;
      stats.maxOpenByClient = stats.openByClient;
      stats.maxInFlight = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
