/**
 * A gateway's event stream (GET <base>/events) read in Node as a browser's
 * EventSource reads it, with a wait for the first event that matches.
 */

export interface SseEvent {
  id?: string;
  event: string;
  data: Record<string, unknown>;
}

/** An event stream read as EventSource reads it (fetch, since EventSource is not in Node 20). */
export async function readEvents(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  let ended = false;
  const waiting = new Set<() => void>();
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = new Map<string, string>();
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const colon = line.indexOf(':');
              fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
            }
            if (!fields.has('event')) continue;
            events.push({ event: fields.get('event')!, data: JSON.parse(fields.get('data') ?? '{}') as Record<string, unknown>, ...(fields.has('id') ? { id: fields.get('id')! } : {}) });
            for (const wake of waiting) wake();
          }
        }
      } catch {
        // aborted by the test
      } finally {
        ended = true;
        for (const wake of waiting) wake();
      }
    })();
  }
  /** The first event from `from` on that matches, waiting up to `ms`. */
  const next = async (match: (e: SseEvent) => boolean, from = 0, ms = 5000): Promise<SseEvent> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = events.slice(from).find(match);
      if (found) return found;
      if (ended) throw new Error(`the stream ended without the event; it had ${JSON.stringify(events.map((e) => e.event))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no such event within ${ms} ms; had ${JSON.stringify(events.map((e) => [e.event, e.data]))}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          waiting.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, left);
        waiting.add(wake);
      });
    }
  };
  return {
    response,
    events,
    next,
    ended: () => ended,
    close: () => controller.abort(),
  };
}

/** Matches a `status` event of `login` (any case) in `state`. */
export const stateOf = (login: string, state: number) => (e: SseEvent) =>
  e.event === 'status' && String((e.data['agent'] as Record<string, unknown>)['login']).toLowerCase() === login && (e.data['agent'] as Record<string, unknown>)['state'] === state;
