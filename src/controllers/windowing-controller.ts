/**
 * Windowing of a long list of rows of one height: only the rows in view, and
 * a few beyond each edge, are in the page; the rows out of view take their
 * height as padding. Follows the scroll position, the list's height and a
 * row's height (measured, never assumed).
 *
 * Ours rather than @lit-labs/virtualizer: `npm run bench:board` measures the
 * team board with both (bench/TEAM-BOARD-RESULTS.md); the virtualizer adds
 * about 9 kB gzipped to every page with the board and did not make it quicker.
 */
import type { ReactiveController, ReactiveElement } from 'lit';

/** Rows rendered beyond each edge of the visible ones, so scrolling shows no gap. */
const OVERSCAN = 8;
/** Rows rendered before a row's height is known: the default height's rows and the overscan. */
const FIRST_WINDOW = 28;

/** Where the list is in the host's render root. */
export interface WindowingSelectors {
  /** The element that scrolls (its scroll event goes to `onScroll`). */
  scroller: string;
  /** The element that holds the rows: its padding stands for the rows out of the page. */
  rows: string;
  /** A row, within `rows`: the first one in the page is measured. */
  row: string;
}

export class WindowingController implements ReactiveController {
  /** The first row the scroll position asks for, and how many rows from it go in the page. */
  private wanted = 0;
  private size = FIRST_WINDOW;
  private rowHeight = 0;
  /** The first row in the page, as last rendered. */
  private rendered = 0;
  /** The rows in all, as last rendered. */
  private total = 0;

  /**
   * The list's height and a row's height set how many rows are in the page, followed as the page
   * resizes or restyles them. Measured by a ResizeObserver, after the browser's own layout: reading
   * a height while rendering would force a layout in the middle of a poll's answer.
   */
  private readonly resizes = new ResizeObserver((entries) => {
    let rowHeight = this.rowHeight;
    for (const entry of entries) {
      if (entry.target === this.observedRow) rowHeight = entry.borderBoxSize?.[0]?.blockSize ?? entry.contentRect.height;
    }
    // Acted on in the next frame: a render now would observe a new row within this one (a ResizeObserver loop).
    requestAnimationFrame(() => {
      if (rowHeight > 0 && rowHeight !== this.rowHeight) {
        this.rowHeight = rowHeight;
        this.host.requestUpdate();
      }
      this.onScroll();
    });
  });
  private observed: Element | undefined;
  private observedRow: Element | undefined;

  constructor(
    private readonly host: ReactiveElement,
    private readonly selectors: WindowingSelectors,
  ) {
    host.addController(this);
  }

  /** The first row in the page, as last rendered. */
  get first(): number {
    return this.rendered;
  }

  /** The first row in view (past the overscan above it), as last rendered. */
  get firstInView(): number {
    return this.rendered + (this.rendered > 0 ? OVERSCAN : 0);
  }

  /** How far Page Up and Page Down move: the rows in view, less one kept in sight. */
  get pageSize(): number {
    const scroller = this.scroller;
    const visible = scroller && this.rowHeight ? Math.floor(scroller.clientHeight / this.rowHeight) : 10;
    return Math.max(1, Math.min(visible, Number.isFinite(this.size) ? this.size - 2 * OVERSCAN : visible) - 1);
  }

  /** In the host's render: the rows to put in the page, of all the rows shown. */
  slice<T>(rows: readonly T[]): T[] {
    this.total = rows.length;
    this.rendered = Math.min(this.wanted, Math.max(0, rows.length - 1));
    return rows.slice(this.rendered, this.rendered + this.size);
  }

  /** Whether a row (from 0) is in the page, as last rendered. */
  inPage(row: number): boolean {
    return row >= this.rendered && row < this.rendered + this.size && row < this.total;
  }

  /** Back to the top of the list (the rows shown changed). */
  reset(): void {
    this.set(0, this.size);
    const scroller = this.scroller;
    if (scroller) scroller.scrollTop = 0;
  }

  /** Scrolls a row into the page (and into view), before it takes focus. */
  reveal(row: number): void {
    const scroller = this.scroller;
    if (row < 0 || !scroller) return;
    const height = this.rowHeight || 1;
    const top = row * height;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + height > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + height - scroller.clientHeight;
    if (!this.rowHeight) return;
    this.onScroll();
  }

  /** The scroller's scroll listener: the rows the scroll position shows. */
  readonly onScroll = () => {
    const scroller = this.scroller;
    if (!scroller || !this.rowHeight) return;
    // A list of unlimited height (`max-height: none`) scrolls with the page: every row is in it.
    if (getComputedStyle(scroller).maxHeight === 'none') {
      this.set(0, Number.POSITIVE_INFINITY);
      return;
    }
    this.set(Math.max(0, Math.floor(scroller.scrollTop / this.rowHeight) - OVERSCAN), Math.ceil(scroller.clientHeight / this.rowHeight) + 2 * OVERSCAN);
  };

  hostUpdated(): void {
    const scroller = this.scroller;
    if (scroller !== this.observed) {
      if (this.observed) this.resizes.unobserve(this.observed);
      if (scroller) this.resizes.observe(scroller);
      this.observed = scroller;
    }
    const rows = this.host.renderRoot?.querySelector<HTMLElement>(this.selectors.rows) ?? undefined;
    const firstRow = rows?.querySelector(this.selectors.row) ?? undefined;
    if (firstRow !== this.observedRow) {
      if (this.observedRow) this.resizes.unobserve(this.observedRow);
      if (firstRow) this.resizes.observe(firstRow);
      this.observedRow = firstRow;
    }
    // Rows out of the page take their height as padding (CSSOM, which a strict CSP allows).
    if (rows && this.rowHeight) {
      const last = Math.min(this.total, this.rendered + this.size);
      rows.style.paddingBlockStart = `${this.rendered * this.rowHeight}px`;
      rows.style.paddingBlockEnd = `${Math.max(0, this.total - last) * this.rowHeight}px`;
    }
  }

  hostDisconnected(): void {
    this.resizes.disconnect();
    this.observed = undefined;
    this.observedRow = undefined;
  }

  private get scroller(): HTMLElement | undefined {
    return this.host.renderRoot?.querySelector<HTMLElement>(this.selectors.scroller) ?? undefined;
  }

  private set(first: number, size: number): void {
    if (first === this.wanted && size === this.size) return;
    this.wanted = first;
    this.size = size;
    this.host.requestUpdate();
  }
}
