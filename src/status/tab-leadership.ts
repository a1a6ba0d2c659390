/**
 * One leader among the tabs of an origin, by a Web Lock: the tab holding the
 * lock leads, the others wait in line for it. A closed (or discarded) tab's
 * lock is released by the browser, so the next in line takes over at once; a
 * tab that cannot do the work (hidden and throttled, frozen) can be replaced
 * with `steal`.
 */
export class TabLeadership {
  private leadingNow = false;
  private release: (() => void) | undefined;
  private waiting: AbortController | undefined;
  private member = false;

  constructor(
    private readonly name: string,
    private readonly onChange: (leading: boolean) => void,
    /** The browser refused the lock outright (not a steal, not leaving the line): this page cannot take part. */
    private readonly onFail: () => void = () => {},
  ) {}

  /** Web Locks exist here (secure contexts of current browsers). */
  static get supported(): boolean {
    return typeof navigator !== 'undefined' && typeof navigator.locks?.request === 'function';
  }

  get leading(): boolean {
    return this.leadingNow;
  }

  /** Joins the line (or, with `steal`, takes the lead from whoever holds it). */
  join(steal = false): void {
    this.cancel();
    this.member = true;
    const attempt = (this.waiting = new AbortController());
    const options: LockOptions = steal ? { steal: true } : { signal: attempt.signal };
    navigator.locks
      .request(this.name, options, () => {
        if (attempt.signal.aborted) return undefined;
        return new Promise<void>((resolve) => {
          this.release = resolve;
          this.setLeading(true);
        });
      })
      .then(
        () => undefined,
        // AbortError: left the line before the lock came, or another tab stole it. Anything else: no locks here.
        (error: unknown) => (error instanceof DOMException && error.name === 'AbortError' ? undefined : error),
      )
      .then((refused) => {
        if (this.waiting !== attempt) return;
        this.release?.();
        this.release = undefined;
        this.setLeading(false);
        if (refused) {
          // Never join again in a loop: a refusal now is a refusal on every try.
          this.member = false;
          this.waiting = undefined;
          this.onFail();
        } else if (this.member) this.join(); // Stolen while still a member: wait in line again.
      });
  }

  /** Leaves the line, and the lead if held (a tab going into the back/forward cache, or with nothing to watch). */
  leave(): void {
    this.member = false;
    this.cancel();
  }

  private cancel(): void {
    const attempt = this.waiting;
    this.waiting = undefined;
    attempt?.abort();
    this.release?.();
    this.release = undefined;
    this.setLeading(false);
  }

  private setLeading(leading: boolean): void {
    if (this.leadingNow === leading) return;
    this.leadingNow = leading;
    this.onChange(leading);
  }
}
