import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A receiver for alert notifications on 127.0.0.1 that records what it is sent. */
export interface TestWebhook {
  url: string;
  received: unknown[];
  /** Answer with this status (default 200), e.g. 500 to make deliveries retry. */
  status: number;
  close(): Promise<void>;
}

export async function startTestWebhook(): Promise<TestWebhook> {
  const hook: Partial<TestWebhook> & { received: unknown[]; status: number } = { received: [], status: 200 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        hook.received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        hook.received.push(null);
      }
      response.writeHead(hook.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(hook, {
    url: `http://127.0.0.1:${port}/hook`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as TestWebhook;
}
