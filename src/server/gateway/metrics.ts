/**
 * The gateway's Prometheus metrics (prom-client), in a registry of its own
 * that the command serves on a separate port (never on the public origin).
 * Labels are bounded: Jodo's nine methods and the gateway's routes, and the
 * outcomes below, never a login or a value from a request.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const PREFIX = 'jodo_gateway_';

/** What became of a request, from its HTTP status: the gateway's refusals each have their own. */
export function outcomeOf(status: number): string {
  if (status < 400) return 'ok';
  switch (status) {
    case 401:
      return 'unauthenticated';
    case 403:
    case 421:
      return 'forbidden';
    case 409:
      return 'in-flight';
    case 413:
      return 'too-large';
    case 422:
      return 'key-reused';
    case 429:
      return 'rate-limited';
    case 502:
      return 'jodo-failed';
    case 503:
      return 'store-unavailable';
    case 504:
      return 'jodo-timeout';
    default:
      return status < 500 ? 'bad-request' : 'failed';
  }
}

export interface GatewayMetrics {
  readonly registry: Registry;
  /** Counts a request answered (or given up by its caller), by Jodo method (or gateway route) and outcome. */
  countRequest(method: string, outcome: string): void;
  /** Counts one exchange with Jodo and the time it took, seconds. */
  observeJodo(method: string, seconds: number): void;
  /** Requests answered, by Jodo method (or gateway route) and outcome (`countRequest`'s counts, as scraped). */
  readonly requests: Counter<'method' | 'outcome'>;
  /** Time Jodo took to answer the gateway, by method (`observeJodo`'s, as scraped). */
  readonly jodoSeconds: Histogram<'method'>;
  readonly replays: Counter;
  readonly rateLimited: Counter;
  readonly storeErrors: Counter;
  /** Event streams open (push: events-endpoint.ts). */
  readonly eventStreams: Gauge;
  /** Event streams cut off because their browser did not read them. */
  readonly eventStreamsCut: Counter;
  /** 1 while this process polls Jodo for the event streams (on Redis, the replica holding the lease). */
  readonly eventPollerActive: Gauge;
  /** Adds Node's own metrics (CPU, memory, event-loop delay, GC) to the registry. */
  collectProcessMetrics(): void;
}

/** Notes kept before they are handed to prom-client unscraped: bounds the memory of a gateway nobody scrapes. */
const NOTES_MAX = 1024;

/**
 * Every request's count and Jodo's time are noted in plain arrays as requests end, and handed to
 * prom-client in one go when it is scraped (its `collect` hook, so a scrape sees every request until
 * then) or once NOTES_MAX wait. Observing each at once (prom-client hashes the labels and checks them
 * on every call) cost a poll about 30 µs of CPU and 0.03 ms at p50 in paced A/B runs of the gateway
 * benchmark (bench/RESULTS.md, Gateway): at an agent's polling rate that code is never warm, and the
 * work after an answer holds the core that the caller, woken by it, may be waiting for.
 */
class Notes {
  private requests: string[] = [];
  private jodoMethods: string[] = [];
  private jodoSeconds: number[] = [];

  constructor(
    private readonly counter: Counter<'method' | 'outcome'>,
    private readonly histogram: Histogram<'method'>,
  ) {}

  request(method: string, outcome: string): void {
    this.requests.push(method, outcome);
    if (this.requests.length >= 2 * NOTES_MAX) this.handOver();
  }

  jodo(method: string, seconds: number): void {
    this.jodoMethods.push(method);
    this.jodoSeconds.push(seconds);
    if (this.jodoMethods.length >= NOTES_MAX) this.handOver();
  }

  handOver(): void {
    // Taken first: a note prom-client refused (it throws) is not handed over again with the next ones.
    const { requests, jodoMethods, jodoSeconds } = this;
    this.requests = [];
    this.jodoMethods = [];
    this.jodoSeconds = [];
    for (let i = 0; i < requests.length; i += 2) this.counter.inc({ method: requests[i]!, outcome: requests[i + 1]! });
    for (let i = 0; i < jodoMethods.length; i++) this.histogram.observe({ method: jodoMethods[i]! }, jodoSeconds[i]!);
  }
}

export function createGatewayMetrics(activeSessions: () => Promise<number>): GatewayMetrics {
  const registry = new Registry();
  let notes: Notes | undefined;
  const requests = new Counter({
    name: `${PREFIX}requests_total`,
    help: 'Requests answered, by Jodo method (or gateway route) and outcome',
    labelNames: ['method', 'outcome'] as const,
    registers: [registry],
    collect: () => notes?.handOver(),
  });
  const jodoSeconds = new Histogram({
    name: `${PREFIX}jodo_duration_seconds`,
    help: 'Time Jodo took to answer the gateway, by method (holder look-ups and recording look-ups included)',
    labelNames: ['method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
    registers: [registry],
    collect: () => notes?.handOver(),
  });
  notes = new Notes(requests, jodoSeconds);
  const noted = notes;
  const replays = new Counter({ name: `${PREFIX}idempotent_replays_total`, help: 'Writes answered with the answer kept for their Idempotency-Key', registers: [registry] });
  const rateLimited = new Counter({ name: `${PREFIX}rate_limited_total`, help: 'Requests refused by a rate limit (per user, or sign-in per address)', registers: [registry] });
  const storeErrors = new Counter({ name: `${PREFIX}store_errors_total`, help: "Commands to the gateway's store that failed (Redis unreachable or timed out)", registers: [registry] });
  const eventStreams = new Gauge({ name: `${PREFIX}event_streams_open`, help: 'Event streams (GET <base>/events) open', registers: [registry] });
  const eventStreamsCut = new Counter({ name: `${PREFIX}event_streams_cut_total`, help: 'Event streams cut off because their browser did not read them', registers: [registry] });
  const eventPollerActive = new Gauge({ name: `${PREFIX}event_poller_active`, help: 'Whether this process polls Jodo for the event streams (with replicas on Redis, one at a time)', registers: [registry] });
  new Gauge({
    name: `${PREFIX}sessions_active`,
    help: 'Gateway sessions alive (not signed out, expired or idle)',
    registers: [registry],
    async collect() {
      try {
        this.set(await activeSessions());
      } catch {
        // The store is away: the last value stays (the store's failure is counted where it failed).
      }
    },
  });
  return {
    registry,
    countRequest: (method, outcome) => noted.request(method, outcome),
    observeJodo: (method, seconds) => noted.jodo(method, seconds),
    requests,
    jodoSeconds,
    replays,
    rateLimited,
    storeErrors,
    eventStreams,
    eventStreamsCut,
    eventPollerActive,
    collectProcessMetrics: () => collectDefaultMetrics({ register: registry, prefix: PREFIX }),
  };
}
