import net from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A node-postgres `stream` factory whose sockets connect from `localAddress`.
 *
 * node-postgres has no option for the source address but accepts a socket factory. It calls
 * `stream.connect(port, host)`, and Node takes `localAddress` only in connect's options form:
 * translate one into the other.
 */
export function boundSocket(localAddress: string): () => Duplex {
  return () => {
    const socket = new net.Socket();
    const connect = socket.connect.bind(socket) as (options: net.TcpSocketConnectOpts) => net.Socket;
    socket.connect = ((port: number, host: string) => connect({ port, host, localAddress })) as net.Socket['connect'];
    return socket;
  };
}

/** Whether nothing listens on 127.0.0.1:`port` yet. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
