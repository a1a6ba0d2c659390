/**
 * The toolbar's one record of its requests, and Jodo's clock as they measured it.
 *
 * `<jodo-provider>` hands `record` to its client as `observe`, so every request
 * (polls, writes, look-ups) lands here once: its method, outcome, HTTP status,
 * Jodo's code, milliseconds and when. Never a body, a parameter or a header:
 * the client gives it none. The last 100 are kept (a ring), for
 * `<jodo-diagnostics>`.
 *
 * Each answer also says Jodo's wall-clock time (`resdatetime`, userStatus's
 * `timestamp`), in whole seconds. The skew is the median over the last answers
 * of (Jodo's time − the moment halfway through the round trip); Jodo truncates
 * to the second, so its time is read as the middle of that second. Times the
 * toolbar writes for Jodo from "now" (a callback, a call time, `reqdatetime`)
 * go through `toJodo`, so a computer whose clock is off still asks for
 * "in one hour" by Jodo's clock.
 */
import type { JodoExchange } from '../api/client.js';
import { formatJodoDateTime, parseJodoDateTime } from '../api/rules.js';
import { fromLocalInput } from '../format/datetime-local.js';
import type { SkewEstimate } from '../status/status-hub.js';

/** Requests kept. */
export const REQUEST_LOG_SIZE = 100;
/** Answers the skew is the median of. */
const SKEW_SAMPLES = 15;
/** An answer slower than this says little about when Jodo read its clock. */
const MAX_SAMPLE_ROUND_TRIP_MS = 10_000;
/** Jodo writes whole seconds: a skew under this is within what its answers can tell, and is not corrected. */
export const CLOCK_RESOLUTION_MS = 1000;
/** A skew beyond this is worth a warning: callbacks and call times would be off by as much without the correction. */
export const SKEW_WARNING_MS = 60_000;

/** One request as kept: no body, no parameter, no header, no Jodo time. */
export type RequestRecord = Omit<JodoExchange, 'serverTime'>;

/** The middle value (the mean of the middle two for an even count); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * One answer's measure of Jodo's clock minus this computer's, in ms: Jodo's time (the middle of the
 * second it wrote) minus the moment halfway between sending and answer. Undefined when the answer
 * carries no readable time or came too slowly to tell.
 */
export function skewSample(exchange: Pick<JodoExchange, 'sentAt' | 'ms' | 'serverTime'>): number | undefined {
  const server = parseJodoDateTime(exchange.serverTime);
  if (!server || exchange.ms > MAX_SAMPLE_ROUND_TRIP_MS) return undefined;
  return server.getTime() + CLOCK_RESOLUTION_MS / 2 - (exchange.sentAt + exchange.ms / 2);
}

export class RequestLog extends EventTarget {
  private readonly ring: RequestRecord[] = [];
  private next = 0;
  private total = 0;
  private readonly samples: number[] = [];
  /** Another tab's estimate (the tab that polls for this one): used while this tab has none of its own. */
  private shared: SkewEstimate | undefined;

  constructor(private readonly clock: () => number = Date.now) {
    super();
  }

  /** What the client's `observe` is given: keeps the request's facts and its measure of Jodo's clock. */
  readonly record = (exchange: JodoExchange): void => {
    const { method, sentAt, ms, outcome, httpStatus, code } = exchange;
    const kept: RequestRecord = { method, sentAt, ms, outcome, ...(httpStatus !== undefined ? { httpStatus } : {}), ...(code !== undefined ? { code } : {}) };
    this.ring[this.next] = kept;
    this.next = (this.next + 1) % REQUEST_LOG_SIZE;
    this.total++;
    const sample = skewSample(exchange);
    if (sample !== undefined) {
      this.samples.push(sample);
      if (this.samples.length > SKEW_SAMPLES) this.samples.shift();
    }
    this.dispatchEvent(new Event('change'));
  };

  /** The last requests, oldest first (at most REQUEST_LOG_SIZE). */
  get entries(): RequestRecord[] {
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }

  /** Requests recorded since the page opened (the kept ones are the last of them). */
  get count(): number {
    return this.total;
  }

  /** Answers the skew estimate rests on (another tab's, when it is theirs). */
  get skewSamples(): number {
    return this.samples.length || (this.shared?.samples ?? 0);
  }

  /**
   * Jodo's clock minus this computer's, in ms: the median of this tab's last answers, or, before its
   * first answer with a time, the estimate the polling tab shared; undefined while there is neither.
   */
  get skewMs(): number | undefined {
    const value = median(this.samples);
    return value === undefined ? this.shared?.skewMs : Math.round(value);
  }

  /** This tab's own estimate, for the tabs it polls for; undefined before its first answer with a time. */
  get ownSkew(): SkewEstimate | undefined {
    const value = median(this.samples);
    return value === undefined ? undefined : { skewMs: Math.round(value), samples: this.samples.length };
  }

  /** Takes the polling tab's estimate (all tabs share this computer's clock). */
  adopt(estimate: SkewEstimate): void {
    if (this.shared?.skewMs === estimate.skewMs && this.shared.samples === estimate.samples) return;
    this.shared = { ...estimate };
    this.dispatchEvent(new Event('change'));
  }

  /** What is added to this computer's time to get Jodo's: the skew, or 0 while it is unknown or within Jodo's one-second resolution. */
  get correctionMs(): number {
    const skew = this.skewMs;
    return skew === undefined || Math.abs(skew) < CLOCK_RESOLUTION_MS ? 0 : skew;
  }

  /** A time of this computer's clock as Jodo's clock reads it at that moment. */
  toJodo(local: Date): Date {
    return new Date(local.getTime() + this.correctionMs);
  }

  /** A time of Jodo's clock as this computer's clock reads it at that moment. */
  fromJodo(jodo: Date): Date {
    return new Date(jodo.getTime() - this.correctionMs);
  }

  /** Jodo's "now". */
  now(): Date {
    return new Date(this.clock() + this.correctionMs);
  }
}

/** Jodo's "now" through a provider's log, or this computer's clock without one. */
export const jodoNow = (log: RequestLog | undefined): Date => log?.now() ?? new Date();

/** A time the agent picked (this computer's clock) as Jodo's clock reads it. */
export const toJodoTime = (log: RequestLog | undefined, local: Date): Date => log?.toJodo(local) ?? local;

/** A time Jodo wrote, as this computer's clock reads it. */
export const fromJodoTime = (log: RequestLog | undefined, jodo: Date): Date => log?.fromJodo(jodo) ?? jodo;

/**
 * A `datetime-local` value the agent picked (this computer's clock) as Jodo writes that moment by
 * its own clock: `YYYY-MM-DD hh:mm:ss`. A value that is no time is passed on as text, for the checks to refuse.
 */
export function jodoTimeOfInput(log: RequestLog | undefined, value: string): string {
  const local = new Date(value);
  return Number.isFinite(local.getTime()) ? formatJodoDateTime(toJodoTime(log, local)) : fromLocalInput(value);
}
