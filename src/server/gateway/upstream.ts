/**
 * The gateway's calls to Jodo: one POST, its answer as text, on undici (the
 * HTTP client Node's own fetch is built on) through a keep-alive pool of at
 * most `maxSockets` connections per origin (a burst of browsers waits for a
 * free connection instead of opening hundreds at Jodo). One deadline covers
 * the whole exchange: waiting for a connection, sending, and reading the
 * answer to its last byte.
 *
 * Why undici's `dispatch` and not node:http's `request`: every poll of every
 * toolbar is one call here, and in the gateway benchmark node:http's
 * ClientRequest (headers set one by one, an Agent, a response stream) cost
 * about 60 µs of CPU more per poll than a dispatch handler that is handed the
 * answer's bytes (bench/RESULTS.md, Gateway). Not fetch: its WHATWG streams
 * cost more still.
 */
import zlib from 'node:zlib';
import { Pool, type Dispatcher } from 'undici';

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
  /** Connections to the upstream at most (per origin); more requests wait for one. */
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
   * when its connection fails before any answer (a kept-alive one the upstream closed: safe for reads only).
   */
  post(url: string, body: string, retryable: boolean): Promise<UpstreamAnswer>;
  /** Connections open to the upstream now, every origin together (for tests). */
  connections(): number;
  close(): Promise<void>;
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
/** An exchange that gets a connection with less time than this left is not sent: it could not be answered in time. */
const MIN_TIME_TO_SEND_MS = 10;
/** A flat list: undici takes it as it is, where an object's keys would be walked on every request. */
const HEADERS = ['content-type', 'application/x-www-form-urlencoded;charset=UTF-8', 'accept', 'application/json', 'accept-encoding', 'gzip, deflate, br'];
/** Failures of a connection before any answer: a read goes again once on another. */
const CONNECTION_FAILURES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED']);

export function createUpstream(options: UpstreamOptions): Upstream {
  const lanes = new Map<string, Lane>();
  const laneFor = (origin: string) => {
    let lane = lanes.get(origin);
    if (!lane) {
      const pool = new Pool(origin, {
        connections: options.maxSockets,
        keepAliveTimeout: IDLE_MS,
        keepAliveMaxTimeout: IDLE_MS,
        // The deadline below covers the whole exchange; undici's own timers would only repeat it.
        headersTimeout: 0,
        bodyTimeout: 0,
        ...(options.socketPath ? { socketPath: options.socketPath } : {}),
      });
      lanes.set(origin, (lane = new Lane(pool, options.maxSockets)));
    }
    return lane;
  };
  let last: { href: string; lane: Lane; path: string } | undefined;
  const target = (href: string) => {
    if (last?.href !== href) {
      const url = new URL(href);
      last = { href, lane: laneFor(url.origin), path: `${url.pathname}${url.search}` };
    }
    return last;
  };

  function post(href: string, body: string, retryable: boolean): Promise<UpstreamAnswer> {
    const { lane, path } = target(href);
    return new Promise((resolve, reject) => lane.enter(new Exchange(lane, { path, method: 'POST', headers: HEADERS, body }, retryable, options, resolve, reject)));
  }

  return {
    post,
    connections: () => [...lanes.values()].reduce((sum, lane) => sum + lane.pool.stats.connected, 0),
    async close() {
      await Promise.all([...lanes.values()].map((lane) => lane.pool.destroy()));
    },
  };
}

/**
 * An origin's pool, and the exchanges waiting for one of its connections. They wait here, not in undici's
 * queue: undici starts a queued request only when its turn comes, so one that timed out while waiting
 * would still take a connection then, and aborting it would close that connection. Here it is passed over.
 */
class Lane {
  private active = 0;
  /** A queue: `waiting[next]` is the first in line (no `shift()`, which copies the whole array, on every turn). */
  private waiting: Exchange[] = [];
  private next = 0;

  constructor(
    readonly pool: Pool,
    private readonly max: number,
  ) {}

  enter(exchange: Exchange): void {
    if (this.active < this.max) {
      this.active++;
      exchange.send();
    } else this.waiting.push(exchange);
  }

  /** An exchange is done with its connection: the next one waiting and still in time takes it. */
  leave(): void {
    this.active--;
    // Once undici has finished with the exchange (this runs inside its handler): the connection is then free to reuse.
    if (this.next < this.waiting.length) queueMicrotask(() => this.admitWaiting());
  }

  private admitWaiting(): void {
    while (this.active < this.max && this.next < this.waiting.length) {
      const exchange = this.waiting[this.next++]!;
      if (exchange.expired()) continue;
      this.active++;
      exchange.send();
    }
    if (this.next === this.waiting.length) {
      this.waiting = [];
      this.next = 0;
    } else if (this.next > 1024 && this.next * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.next);
      this.next = 0;
    }
  }
}

type Decoder = zlib.Gunzip | zlib.Unzip | zlib.BrotliDecompress;

/**
 * The answer's `Content-Encoding`, lower-cased, from undici's raw header list (name, value, name, value…);
 * '' without one. Several are joined with commas, as a header object would join them: no decoder takes that.
 */
function contentEncoding(rawHeaders: Buffer[]): string {
  let encoding = '';
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length !== 16 || name.toString('latin1').toLowerCase() !== 'content-encoding') continue;
    const value = rawHeaders[i + 1]!.toString('latin1').trim().toLowerCase();
    encoding = encoding ? `${encoding},${value}` : value;
  }
  return encoding;
}

/**
 * One POST and its answer, as undici's handler of it (a class, not closures: nothing is made per poll
 * but this object, its promise and its deadline).
 *
 * Its methods are the ones undici's connection calls itself (onConnect, onHeaders, onData, onComplete,
 * onError). undici 7's newer handler API (onRequestStart, onResponseStart…) is an adapter over these that
 * builds an object of every answer's headers (`parseHeaders`) and trailers: in the gateway benchmark about
 * 0.04 ms more per poll at p50 (bench/RESULTS.md, Gateway), for one header this handler reads. undici 7's
 * types mark these methods deprecated; a move to another major version of undici must check them again
 * (the upstream tests cover answers, encodings, timeouts while waiting and mid-answer, resends, cut connections).
 */
class Exchange implements Dispatcher.DispatchHandler {
  private settled = false;
  /** Drops the exchange and its connection (undici's; a no-op once the exchange is over). */
  private abort: ((error?: Error) => void) | undefined;
  private readonly deadline: NodeJS.Timeout;
  private readonly deadlineAt: number;
  /** Sent, and its lane's connection not yet given back. */
  private holding = false;
  private again = false;
  private status = 0;
  private answered = false;
  private chunks: Buffer[] = [];
  private size = 0;
  private decoder: Decoder | undefined;

  constructor(
    private readonly lane: Lane,
    private readonly request: Dispatcher.DispatchOptions,
    private readonly retryable: boolean,
    private readonly limits: Pick<UpstreamOptions, 'maxBytes' | 'timeoutMs'>,
    private readonly resolve: (answer: UpstreamAnswer) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.deadlineAt = performance.now() + limits.timeoutMs;
    this.deadline = setTimeout(() => this.settle(new UpstreamTimeout('upstream timed out')), limits.timeoutMs);
  }

  /** Sent on a connection of its lane (which the lane has counted). */
  send(): void {
    this.holding = true;
    this.lane.pool.dispatch(this.request, this);
  }

  /** At (or too near) its deadline after waiting for a connection, its timer maybe not yet fired: it is not sent. */
  expired(): boolean {
    if (!this.settled && performance.now() >= this.deadlineAt - MIN_TIME_TO_SEND_MS) this.settle(new UpstreamTimeout('upstream timed out'));
    return this.settled;
  }

  /** undici is done with the exchange: its connection goes to the next one waiting. */
  private leave(): void {
    if (!this.holding) return;
    this.holding = false;
    this.lane.leave();
  }

  private settle(outcome: UpstreamAnswer | Error): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.deadline);
    if (outcome instanceof Error) {
      // Whatever is still open of the exchange is dropped with its connection, which is never reused half-read.
      this.abort?.(outcome);
      this.decoder?.destroy();
      this.reject(outcome);
    } else this.resolve(outcome);
  }

  private take(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.limits.maxBytes) this.settle(new UpstreamBadAnswer(this.status, true));
    else this.chunks.push(chunk);
  }

  private finish(): void {
    const text = (this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size)).toString('utf8');
    // As fetch's text() does: a byte order mark is not part of the text.
    this.settle({ status: this.status, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text });
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abort = abort;
    // Timed out while waiting for a connection: nothing is sent.
    if (this.settled) abort(new UpstreamTimeout('upstream timed out'));
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    if (statusCode < 200) return true; // informational (undici itself drops a connection that answers 100): the answer is still to come
    this.status = statusCode;
    this.answered = true;
    const encoding = contentEncoding(rawHeaders);
    if (!encoding || encoding === 'identity') return true;
    const decode = DECODERS[encoding];
    if (!decode) {
      this.settle(new UpstreamBadAnswer(statusCode));
      return true;
    }
    const decoder = (this.decoder = decode());
    decoder.on('data', (chunk: Buffer) => this.take(chunk));
    decoder.on('end', () => this.finish());
    decoder.on('error', () => this.settle(new UpstreamBadAnswer(statusCode)));
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return true;
    if (this.decoder) this.decoder.write(chunk);
    else this.take(chunk);
    return true;
  }

  onComplete(): void {
    this.leave();
    if (this.decoder) this.decoder.end();
    else this.finish();
  }

  onError(error: NodeJS.ErrnoException): void {
    // A connection that failed before any answer: nothing was answered, so a read (which changes nothing) goes
    // again once, on the connection it holds a place for. A write is never sent twice.
    if (!this.settled && !this.answered && this.retryable && !this.again && CONNECTION_FAILURES.has(error.code ?? '')) {
      this.again = true;
      this.lane.pool.dispatch(this.request, this);
      return;
    }
    this.leave();
    this.settle(this.answered ? new UpstreamBadAnswer(this.status) : new UpstreamUnreachable(error.code ?? 'upstream unreachable'));
  }
}
