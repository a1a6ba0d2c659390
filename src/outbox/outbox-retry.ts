/**
 * When the outbox tries a write again: which failures are worth another try
 * (no definitive answer yet), how long to wait after one (back-off with
 * jitter), and the one timer that wakes the outbox when the next entry is due.
 */
import { TRANSIENT_STATUS } from '../api/codes.js';
import { JodoApiError, JodoValidationError, isAbortError } from '../api/errors.js';
import { backoffDelay } from '../requests/backoff.js';

/** Gateway codes that mean "not now" rather than "never": the session expired (sign in again), or a transient one. */
const RETRY_LATER_CODES: ReadonlySet<number> = new Set([9401, ...TRANSIENT_STATUS]);

/** Jodo's answer is final: the write is refused, and sending it again as it is would be refused again. */
export function isRefusal(error: unknown): error is JodoApiError | JodoValidationError {
  const definitive = error instanceof JodoValidationError || (error instanceof JodoApiError && !RETRY_LATER_CODES.has(error.code));
  return definitive && !isAbortError(error);
}

export class RetrySchedule {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private storeTroubleUntil = 0;

  constructor(
    private readonly now: () => number,
    /** Called when the next entry is due. */
    private readonly wake: () => void,
    /** The back-off's ceiling after the first failure, doubling up to `maxMs`. */
    private readonly backoff = { baseMs: 2000, maxMs: 60_000 },
    private readonly random?: () => number,
  ) {}

  /** How long an entry waits after its `attempts`-th attempt without an answer. */
  delay(attempts: number): number {
    return backoffDelay(attempts, { ...this.backoff, ...(this.random ? { random: this.random } : {}) });
  }

  /** The store itself failed (quota, a closed database): nothing is tried again before the longest back-off. */
  storeFailed(): void {
    this.storeTroubleUntil = this.now() + this.backoff.maxMs;
  }

  /** Wakes up once, when the first of `due` (times of the entries to send) comes; none: stays asleep. */
  plan(due: readonly number[]): void {
    this.cancel();
    const next = Math.max(this.storeTroubleUntil, Math.min(...due));
    if (Number.isFinite(next)) this.timer = setTimeout(this.wake, Math.max(0, next - this.now()));
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
