/**
 * A `fetch` for the upstream reached over a Unix socket (the in-process
 * sandbox): the path of a link on the upstream's origin is asked over the
 * socket, so recordings stream from it as they do from Jodo, with nothing
 * dialled over TCP.
 */
import { request } from 'node:http';
import { Readable } from 'node:stream';

export function fetchOverSocket(socketPath: string): typeof fetch {
  return (input, init) =>
    new Promise((resolveAnswer, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const method = init?.method ?? 'GET';
      const headers = { ...Object.fromEntries(new Headers(init?.headers)), host: url.host };
      const req = request({ socketPath, path: `${url.pathname}${url.search}`, method, headers, ...(init?.signal ? { signal: init.signal } : {}) }, (res) => {
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) answerHeaders.set(name, ([] as string[]).concat(value).join(', '));
        const body = method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304 ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>);
        resolveAnswer(new Response(body, { status: res.statusCode ?? 502, headers: answerHeaders }));
      });
      req.on('error', reject).end();
    });
}
