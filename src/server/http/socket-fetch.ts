/**
 * A `fetch` that reaches one origin through a Unix socket (the in-process
 * sandbox behind `listenPrivately`, whose recording links name an origin no
 * DNS knows) and every other origin as `fetch` does: what the gateway's
 * recording streamer is given when its upstream is such a sandbox.
 */
import { request } from 'node:http';
import { Readable } from 'node:stream';

export function fetchThroughSocket(origin: string, socketPath: string, fallback: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.origin !== origin) return fallback(input, init);
    const signal = init?.signal;
    signal?.throwIfAborted();
    return new Promise<Response>((resolve, reject) => {
      const headers = Object.fromEntries(new Headers(init?.headers));
      const req = request({ socketPath, path: `${url.pathname}${url.search}`, method: init?.method ?? 'GET', headers: { ...headers, host: url.host } }, (res) => {
        const answer = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) answer.set(name, Array.isArray(value) ? value.join(', ') : value);
        const empty = init?.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304;
        resolve(new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), { status: res.statusCode ?? 502, headers: answer }));
      });
      signal?.addEventListener('abort', () => req.destroy(signal.reason), { once: true });
      req.on('error', reject);
      req.end();
    });
  };
}
