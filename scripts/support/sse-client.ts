import http from 'node:http';

/**
 * A minimal server-sent-events client, as a browser's EventSource reads /api/events: one HTTP
 * request held open, `event:`/`data:` blocks split on blank lines, and a reconnect after the
 * stream ends (after the server's `retry:`), so a crowd of them costs the server what the same
 * crowd of browsers would. Node 20 has no EventSource of its own.
 */
export interface SseHandlers {
  /** A complete event (`message` when the block named none). */
  event(name: string, data: string): void;
  /** The stream ended or failed; it is reopened after `retry` ms unless closed. */
  dropped?(reason: string): void;
}

export interface SseClient {
  close(): void;
}

export function openEventStream(url: string, headers: Record<string, string>, handlers: SseHandlers): SseClient {
  let closed = false;
  let retryMs = 2000;
  let request: http.ClientRequest | undefined;
  let timer: NodeJS.Timeout | undefined;

  const open = () => {
    // The response and the request may both report one failure: reopen once per stream.
    let ended = false;
    const reopen = (reason: string) => {
      if (closed || ended) return;
      ended = true;
      handlers.dropped?.(reason);
      timer = setTimeout(open, retryMs);
    };
    // agent: false: one socket per stream, as each browser holds its own.
    request = http.get(url, { agent: false, headers: { ...headers, accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        return reopen(`HTTP ${response.statusCode}`);
      }
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let name = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) name = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
            else if (line.startsWith('retry:')) retryMs = Number(line.slice(6)) || retryMs;
          }
          if (data.length > 0) handlers.event(name, data.join('\n'));
        }
      });
      response.on('end', () => reopen('stream ended'));
      response.on('error', (error) => reopen(error.message));
    });
    request.on('error', (error) => reopen(error.message));
  };

  open();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      request?.destroy();
    },
  };
}
