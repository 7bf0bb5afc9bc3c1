import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP server playing Lifeguard: answers each request with what `answer` says, and remembers them. */
export interface Stub {
  url: string;
  requests: { method: string; path: string; query: URLSearchParams; authorization: string | undefined; body: unknown }[];
  close(): Promise<void>;
}

export type Answer = (request: Stub['requests'][number]) => { status: number; body: unknown } | 'hang';

export async function startStub(answer: Answer): Promise<Stub> {
  const requests: Stub['requests'] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const request = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, authorization: req.headers.authorization, body: text ? JSON.parse(text) : undefined };
      requests.push(request);
      const answered = answer(request);
      if (answered === 'hang') return;
      res.writeHead(answered.status, { 'content-type': 'application/json' }).end(JSON.stringify(answered.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
