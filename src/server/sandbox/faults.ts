/**
 * Faults on demand, for tests and demos of failure paths: the next N requests
 * (of one method, or any) answer with a given Jodo code, an HTTP error, a
 * body that is not Jodo JSON, or only after a delay. This is how codes no
 * request can provoke in a healthy sandbox (111, 421, 1111, 13, 38, 461)
 * are produced, and how clients' retries, timeouts and staleness are tested.
 */
import { canonicalMethod, type JodoMethod } from '../../api/codes.js';

export interface Fault {
  /** Only requests of this method; any method when absent. */
  method?: JodoMethod;
  /** Answer with this Jodo status code, in the method's failure shape. */
  status?: number;
  /** Answer with this HTTP status, 200 to 599 (with `body`, or a proxy-like text page when there is no `status`). */
  http?: number;
  /** Wait this long before answering (at most 60 s). */
  delayMs?: number;
  /** Answer with this text instead of JSON. */
  body?: string;
  /** How many requests this fault applies to. */
  times: number;
}

const MAX_DELAY_MS = 60_000;
const MAX_BODY = 64 * 1024;

/** Reads a fault from the control API's JSON; throws a message for anything out of range. */
export function parseFault(input: Record<string, unknown>): Fault {
  const fault: Fault = { times: 1 };
  const int = (name: string, min: number, max: number): number | undefined => {
    const value = input[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new Error(`${name} must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
  if (input['method'] !== undefined) {
    const method = canonicalMethod(input['method']);
    if (!method) throw new Error('method must be one of the nine Jodo methods');
    fault.method = method;
  }
  const status = int('status', 0, 99_999);
  // 1xx are interim answers, not answers: a fault could not end the request with one.
  const http = int('http', 200, 599);
  const delayMs = int('delayMs', 0, MAX_DELAY_MS);
  const times = int('times', 1, 1000);
  if (status !== undefined) fault.status = status;
  if (http !== undefined) fault.http = http;
  if (delayMs !== undefined) fault.delayMs = delayMs;
  if (times !== undefined) fault.times = times;
  if (input['body'] !== undefined) {
    if (typeof input['body'] !== 'string' || input['body'].length > MAX_BODY) throw new Error(`body must be text of at most ${MAX_BODY} characters`);
    fault.body = input['body'];
  }
  if (fault.status === undefined && fault.http === undefined && fault.delayMs === undefined && fault.body === undefined) {
    throw new Error('name at least one of status, http, delayMs or body');
  }
  return fault;
}

/** Requests the Jodo endpoint answered, per method, since the last reset: how tests count polls. */
export class RequestCounts {
  private counts = new Map<string, number>();

  add(method: JodoMethod | undefined): void {
    const key = method ?? 'unknown';
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  clear(): void {
    this.counts.clear();
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}

export class Faults {
  private readonly queue: Fault[] = [];

  get pending(): number {
    return this.queue.length;
  }

  add(fault: Fault): void {
    this.queue.push({ ...fault });
  }

  clear(): void {
    this.queue.length = 0;
  }

  /** The first fault that applies to a request of `method`, used up once. */
  take(method: JodoMethod | undefined): Fault | undefined {
    const index = this.queue.findIndex((f) => f.method === undefined || f.method === method);
    if (index < 0) return undefined;
    const fault = this.queue[index]!;
    if (--fault.times === 0) this.queue.splice(index, 1);
    return fault;
  }
}
