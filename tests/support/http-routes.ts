import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Route handlers of the real app served over HTTP on loopback, for clients that speak HTTP (a
 * guarded pool, the pg-lifeguard CLI) without building and starting Next. Each route is a method,
 * a path pattern whose named groups become the handler's params, and the handler module's export.
 */
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface Route {
  method: string;
  path: RegExp;
  /** A route module's export; its params are the path's named groups (`never`: any route's context type fits). */
  handler: (request: Request, context: never) => Promise<Response>;
}

export interface Call {
  at: number;
  call: string;
  answeredAt?: number;
}

export interface ServedRoutes {
  url: string;
  /** Requests so far: "METHOD /path" without the query, when (epoch ms) each arrived, and when its answer was sent (absent if never). */
  calls(): Call[];
  /** Stops answering: open connections are cut, new ones refused (Lifeguard gone). */
  stop(): Promise<void>;
}

export async function serveRoutes(routes: readonly Route[]): Promise<ServedRoutes> {
  const calls: Call[] = [];
  const server: Server = createServer((req, res) => {
    const call: Call = { at: Date.now(), call: '' };
    void answer(req, call).then(
      async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()), () => {
          call.answeredAt = Date.now();
        });
      },
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });

  const answer = async (req: IncomingMessage, call: Call): Promise<Response> => {
    const url = new URL(req.url ?? '/', 'http://lifeguard.test');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    for (const route of routes) {
      const match = route.method === req.method ? route.path.exec(url.pathname) : null;
      if (!match) continue;
      call.call = `${req.method} ${url.pathname}`;
      calls.push(call);
      const headers = Object.fromEntries(Object.entries(req.headers).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value]] : [])));
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const request = new Request(url, { method: req.method, headers, body });
      const params = Object.fromEntries(Object.entries(match.groups ?? {}).map(([key, value]) => [key, decodeURIComponent(value)]));
      return (route.handler as Handler)(request, { params: Promise.resolve(params) });
    }
    return Response.json({ error: 'not found' }, { status: 404 });
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls.map((call) => ({ ...call })),
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
