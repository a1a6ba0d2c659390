/**
 * The gateway's calls to Jodo: one POST, its answer as text, on node:http or
 * node:https with a keep-alive pool of at most `maxSockets` connections (a
 * burst of browsers waits for a free connection instead of opening hundreds
 * at Jodo). One deadline covers the whole exchange: waiting for a
 * connection, sending, and reading the answer to its last byte.
 */
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';

/** No answer, whole, within the deadline. */
export class UpstreamTimeout extends Error {
  override readonly name = 'UpstreamTimeout';
}

/** No answer at all: refused, reset or dropped before a status line came back. */
export class UpstreamUnreachable extends Error {
  override readonly name = 'UpstreamUnreachable';
}

/** An answer came but its body cannot be read: cut short, in an encoding not understood, or larger than allowed. */
export class UpstreamBadAnswer extends Error {
  override readonly name = 'UpstreamBadAnswer';
  constructor(
    readonly status: number,
    readonly tooLarge = false,
  ) {
    super(`upstream answered HTTP ${status} with a body that cannot be read`);
  }
}

export interface UpstreamAnswer {
  status: number;
  text: string;
}

export interface UpstreamOptions {
  /** Connections to the upstream at most (per protocol); more requests wait for one. */
  maxSockets: number;
  /** The deadline of one exchange, queueing for a connection included. */
  timeoutMs: number;
  /** Largest answer (decoded) read; past it the connection is dropped. */
  maxBytes: number;
  /**
   * A Unix socket to reach the upstream through instead of the URL's host and port (the in-process
   * sandbox): no TCP port that a page in a browser, or a DNS-rebinding site, could reach around the gateway.
   */
  socketPath?: string;
}

export interface Upstream {
  /**
   * POSTs a form body and reads the whole answer. `retryable`: the request may be sent again once
   * when a kept-alive connection turns out closed by the upstream before any answer (safe for reads only).
   */
  post(url: string, body: string, retryable: boolean): Promise<UpstreamAnswer>;
  /** The pools, for tests and for closing. */
  readonly agents: { http: http.Agent; https: https.Agent };
  close(): void;
}

/** Decoders for the encodings Jodo (or a proxy before it) may answer in; `unzip` reads gzip and zlib-wrapped deflate. */
const DECODERS: Record<string, () => zlib.Gunzip | zlib.Unzip | zlib.BrotliDecompress> = {
  gzip: () => zlib.createUnzip(),
  'x-gzip': () => zlib.createUnzip(),
  deflate: () => zlib.createUnzip(),
  br: () => zlib.createBrotliDecompress(),
};

/** Idle connections are closed before a server's usual 5 s keep-alive timeout closes them under a request. */
const IDLE_MS = 4000;

export function createUpstream(options: UpstreamOptions): Upstream {
  const pool = { keepAlive: true, maxSockets: options.maxSockets, timeout: IDLE_MS, scheduling: 'lifo' as const };
  const agents = { http: new http.Agent(pool), https: new https.Agent(pool) };
  let last: { href: string; url: URL } | undefined;
  const parse = (href: string) => (last?.href === href ? last.url : (last = { href, url: new URL(href) }).url);

  function post(href: string, body: string, retryable: boolean): Promise<UpstreamAnswer> {
    const url = parse(href);
    const secure = url.protocol === 'https:';
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
      accept: 'application/json',
      'accept-encoding': 'gzip, deflate, br',
      'content-length': String(Buffer.byteLength(body)),
    };
    return new Promise((resolve, reject) => {
      let settled = false;
      let current: http.ClientRequest | undefined;
      const settle = (outcome: UpstreamAnswer | Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        if (outcome instanceof Error) {
          current?.destroy();
          reject(outcome);
        } else resolve(outcome);
      };
      const deadline = setTimeout(() => settle(new UpstreamTimeout('upstream timed out')), options.timeoutMs);

      const send = (again: boolean) => {
        let answered = false;
        // Over a socket the URL's host is still the name the upstream is asked by (its links are made on it).
        const where = options.socketPath ? { socketPath: options.socketPath, headers: { ...headers, host: url.host } } : { hostname: url.hostname, port: url.port, headers };
        const options_ = { protocol: url.protocol, ...where, path: `${url.pathname}${url.search}`, method: 'POST', agent: secure ? agents.https : agents.http };
        const req = (secure ? https : http).request(options_, (res) => {
          answered = true;
          read(res, res.statusCode ?? 0);
        });
        current = req;
        req.on('error', (error: NodeJS.ErrnoException) => {
          if (settled || req !== current) return;
          // A kept-alive connection the upstream closed as this request went out: nothing was answered, so a read goes again once.
          if (!answered && retryable && !again && req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) return send(true);
          settle(answered ? new UpstreamBadAnswer(0) : new UpstreamUnreachable(error.code ?? 'upstream unreachable'));
        });
        req.end(body);
      };

      const read = (res: http.IncomingMessage, status: number) => {
        const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
        let stream: Readable = res;
        if (encoding && encoding !== 'identity') {
          const decoder = DECODERS[encoding];
          if (!decoder) return settle(new UpstreamBadAnswer(status));
          stream = res.pipe(decoder());
          stream.on('error', () => settle(new UpstreamBadAnswer(status)));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) settle(new UpstreamBadAnswer(status, true));
          else chunks.push(chunk);
        });
        stream.on('end', () => {
          const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
          const text = bytes.toString('utf8');
          // As fetch's text() does: a byte order mark is not part of the text.
          settle({ status, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text });
        });
        // Cut short: the connection closed before the body was whole.
        res.on('error', () => settle(new UpstreamBadAnswer(status)));
        res.on('close', () => {
          if (!res.complete) settle(new UpstreamBadAnswer(status));
        });
      };

      send(false);
    });
  }

  return {
    post,
    agents,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
