import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for PagerDuty's Events API v2 on 127.0.0.1 that checks each event against the
 * documented schema (https://developer.pagerduty.com/api-reference/368ae3d938c9e-send-an-event-to-pager-duty)
 * and answers as PagerDuty does: 202 for a valid event, 400 with the errors for an invalid one.
 */
export interface TestPagerDuty {
  url: string;
  /** Every valid event, in the order it arrived. */
  events: Record<string, unknown>[];
  /** The errors of every event refused. */
  refused: string[][];
  close(): Promise<void>;
}

const ACTIONS = ['trigger', 'acknowledge', 'resolve'];
const SEVERITIES = ['critical', 'error', 'warning', 'info'];

export function eventErrors(event: unknown): string[] {
  if (typeof event !== 'object' || event === null) return ['body must be a JSON object'];
  const e = event as Record<string, unknown>;
  const errors: string[] = [];
  if (typeof e.routing_key !== 'string' || e.routing_key.length !== 32) errors.push('routing_key must be 32 characters');
  if (typeof e.event_action !== 'string' || !ACTIONS.includes(e.event_action)) errors.push('event_action must be trigger, acknowledge or resolve');
  if (e.event_action !== 'trigger' && (typeof e.dedup_key !== 'string' || e.dedup_key === '')) errors.push('dedup_key is required for acknowledge and resolve');
  if (typeof e.dedup_key === 'string' && e.dedup_key.length > 255) errors.push('dedup_key is at most 255 characters');
  if (e.event_action === 'trigger') {
    const payload = e.payload as Record<string, unknown> | undefined;
    if (typeof payload !== 'object' || payload === null) errors.push('payload is required for trigger');
    else {
      if (typeof payload.summary !== 'string' || payload.summary === '' || payload.summary.length > 1024) errors.push('payload.summary must be 1–1024 characters');
      if (typeof payload.source !== 'string' || payload.source === '') errors.push('payload.source is required');
      if (typeof payload.severity !== 'string' || !SEVERITIES.includes(payload.severity)) errors.push('payload.severity must be critical, error, warning or info');
      if (payload.timestamp !== undefined && Number.isNaN(Date.parse(String(payload.timestamp)))) errors.push('payload.timestamp must be ISO 8601');
    }
  }
  if (e.links !== undefined) {
    const ok = Array.isArray(e.links) && e.links.every((link: unknown) => {
      const l = link as Record<string, unknown> | null;
      return typeof l?.href === 'string' && URL.canParse(l.href) && (l.text === undefined || typeof l.text === 'string');
    });
    if (!ok) errors.push('links must be a list of {href, text}');
  }
  return errors;
}

export async function startTestPagerDuty(): Promise<TestPagerDuty> {
  const events: Record<string, unknown>[] = [];
  const refused: string[][] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        // Counted as invalid below.
      }
      const errors = request.url === '/v2/enqueue' && request.method === 'POST' ? eventErrors(body) : ['POST /v2/enqueue only'];
      if (errors.length > 0) {
        refused.push(errors);
        response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors }));
        return;
      }
      events.push(body as Record<string, unknown>);
      response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', message: 'Event processed' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v2/enqueue`, events, refused, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
