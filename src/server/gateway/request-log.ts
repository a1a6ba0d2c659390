/**
 * One log line per request (pino), and the request's count in the metrics,
 * noted when its answer ends. What goes in: the request id, the HTTP
 * method and path (never the query), the Jodo method, the login, the
 * outcome and the time Jodo took. What never goes in: the organisation key,
 * cookies, tokens, bodies (customer data, remarks, passwords) and headers.
 *
 * An incoming `X-Request-Id` of a sane shape is kept (a proxy in front made
 * it), otherwise one is made; either is sent back with the answer (by the
 * caller of `begin`: the Jodo endpoint puts it in its one `writeHead`,
 * as a `setHeader` before would send every poll's headers down Node's slower
 * merging path).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { outcomeOf, type GatewayMetrics } from './metrics.js';

/** What the gateway learns of a request while serving it. */
export interface RequestFacts {
  readonly id: string;
  /** The Jodo method, or the gateway route (`session`, `recording`, `readyz`…). */
  method?: string;
  login?: string;
  /** The gateway's or Jodo's status code of the answer, when it has one. */
  code?: number;
  /** Time spent waiting for Jodo, ms. */
  jodoMs: number;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Where a request's facts are kept: on the request itself (a WeakMap entry per poll cost the collector more). */
const FACTS = Symbol('jodo.requestFacts');
type WithFacts = IncomingMessage & { [FACTS]?: RequestFacts };

/** The facts of a request being served (undefined outside `RequestLog.begin`). */
export const factsOf = (req: IncomingMessage): RequestFacts | undefined => (req as WithFacts)[FACTS];

/** A request's line is written at most this long after its answer ended, with the others of that time. */
export const REQUEST_LINE_DELAY_MS = 200;
/** Lines waiting at most: past it they are written at once. */
const LINES_MAX = 256;

/**
 * The request lines of one gateway, written in one go at most REQUEST_LINE_DELAY_MS after their answers
 * (and by `flush`, which the gateway's close calls). Why they wait: written as each answer went, a
 * line's serialising (code never warm at an agent's polling rate) ran just after the answer was sent,
 * holding the core that the caller, woken by that answer, may be waiting for: about 20 µs of CPU and
 * 0.03 ms at p50 per poll in paced A/B runs of the gateway benchmark (bench/RESULTS.md, Gateway).
 * A line's `at` is when its answer ended (ms since the epoch, as pino's `time`, which is when it was written).
 */
export class RequestLog {
  private waiting: object[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly metrics: GatewayMetrics,
  ) {}

  /** Starts the record of a request: its id, and its line and count once the answer has ended. */
  begin(req: IncomingMessage, res: ServerResponse, route: string): RequestFacts {
    const given = req.headers['x-request-id'];
    const fact: RequestFacts = { id: typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID(), jodoMs: 0 };
    (req as WithFacts)[FACTS] = fact;
    const started = performance.now();
    // An answer closes once: a plain listener, without the wrapper `once` makes for every request.
    res.on('close', () => {
      const finished = res.writableFinished;
      const outcome = finished ? outcomeOf(res.statusCode) : 'aborted';
      const method = fact.method ?? route;
      this.metrics.countRequest(method, outcome);
      if (!this.logger.isLevelEnabled('info')) return;
      this.add({
        reqId: fact.id,
        http: req.method,
        path: (req.url ?? '/').split('?')[0],
        method,
        login: fact.login,
        status: finished ? res.statusCode : undefined,
        code: fact.code,
        outcome,
        ms: Math.round((performance.now() - started) * 10) / 10,
        jodoMs: Math.round(fact.jodoMs * 10) / 10,
        at: Date.now(),
      });
    });
    return fact;
  }

  /** Writes the lines waiting now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const lines = this.waiting;
    this.waiting = [];
    for (const line of lines) this.logger.info(line, 'request');
  }

  private add(line: object): void {
    this.waiting.push(line);
    if (this.waiting.length >= LINES_MAX) this.flush();
    // Unref'd: waiting lines never keep a process alive (its close writes them).
    else this.timer ??= setTimeout(() => this.flush(), REQUEST_LINE_DELAY_MS).unref();
  }
}
