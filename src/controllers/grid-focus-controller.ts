/**
 * A roving focus over a windowed grid (the grid pattern of the ARIA Authoring
 * Practices): one cell in the tab order; the arrow keys, Home, End, Page Up,
 * Page Down and Ctrl+Home / Ctrl+End move it; it follows its row through
 * sorts, filters and polls, and stays in the grid when its row leaves the page.
 *
 * The host calls `placeTabStop()` in its render once the page's rows are
 * known, renders each cell with `data-cell="row:col"` (the header row is -1)
 * and `tabindex=${tabIndexOf(row, col)}` on the cell or on its button (which
 * then takes the focus), and listens with `onKey` and `onFocusIn` on the
 * `role=grid` element.
 */
import type { ReactiveController, ReactiveElement } from 'lit';
import type { WindowingController } from './windowing-controller.js';

export class GridFocusController<Row> implements ReactiveController {
  /**
   * The grid cell that takes focus (the one with tabindex 0): a row, by its key so that it
   * follows the row through sorts and polls, or the header row (`key` undefined).
   */
  private active: { key: string | undefined; col: number } = { key: undefined, col: 0 };
  /** The cell Tab reaches: the active one, or its column's header while the active row is out of the page. */
  private tabStop = { row: -1, col: 0 };
  /** The grid had the focus when this update began: a row it removed or moved must not take the focus away. */
  private focusInGrid = false;

  /**
   * @param windowing Which rows are in the page, and how to bring one in.
   * @param rows The rows shown, in order, as last rendered.
   * @param key What a row is followed by through sorts and polls (an agent's login).
   * @param columns How many columns the grid has.
   */
  constructor(
    private readonly host: ReactiveElement,
    private readonly windowing: WindowingController,
    private readonly rows: () => readonly Row[],
    private readonly key: (row: Row) => string,
    private readonly columns: () => number,
  ) {
    host.addController(this);
  }

  /** In the host's render, once the rows in the page are known: places the grid's one tab stop. */
  placeTabStop(): void {
    const activeRow = this.activeRow;
    this.tabStop = { row: activeRow >= 0 && this.isRendered(activeRow) ? activeRow : -1, col: this.active.col };
  }

  /** A cell's tabindex: 0 for the grid's one tab stop, -1 for every other cell. */
  tabIndexOf(row: number, col: number): number {
    return row === this.tabStop.row && col === this.tabStop.col ? 0 : -1;
  }

  hostUpdate(): void {
    const root = this.host.renderRoot as ShadowRoot | undefined;
    this.focusInGrid = Boolean(root?.activeElement?.closest('[role=grid]'));
  }

  hostUpdated(): void {
    if (this.focusInGrid && !(this.host.renderRoot as ShadowRoot).activeElement) this.restoreFocus();
  }

  /** The grid's keydown listener. */
  readonly onKey = (event: KeyboardEvent) => {
    if (event.altKey || event.metaKey) return;
    const last = this.rows().length - 1;
    const page = this.windowing.pageSize;
    const columns = this.columns();
    const rtl = getComputedStyle(this.host).direction === 'rtl';
    let row = this.activeRow;
    let col = this.active.col;
    switch (event.key) {
      case 'ArrowDown': row = Math.min(last, row + 1); break;
      case 'ArrowUp': row = Math.max(-1, row - 1); break;
      case 'ArrowRight': col = rtl ? col - 1 : col + 1; break;
      case 'ArrowLeft': col = rtl ? col + 1 : col - 1; break;
      case 'PageDown': row = Math.min(last, row + page); break;
      case 'PageUp': row = Math.max(-1, row - page); break;
      case 'Home': if (event.ctrlKey) row = -1; col = 0; break;
      case 'End': if (event.ctrlKey) row = last; col = columns - 1; break;
      default: return;
    }
    event.preventDefault();
    void this.moveTo({ row, col: Math.max(0, Math.min(columns - 1, col)) });
  };

  /** The grid's focusin listener: a cell clicked or tabbed to becomes the active one. */
  readonly onFocusIn = (event: FocusEvent) => {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-cell]');
    const [row, col] = (cell?.dataset['cell'] ?? '').split(':').map(Number);
    if (!Number.isInteger(row) || !Number.isInteger(col)) return;
    const key = this.keyOf(row!);
    if (key !== this.active.key || col !== this.active.col) {
      this.active = { key, col: col! };
      this.host.requestUpdate();
    }
  };

  /** The active cell's row in the rows shown: -1 for the header (or a row no longer shown). */
  private get activeRow(): number {
    const { key } = this.active;
    return key === undefined ? -1 : this.rows().findIndex((row) => this.key(row) === key);
  }

  private keyOf(row: number): string | undefined {
    const shown = row < 0 ? undefined : this.rows()[row];
    return shown === undefined ? undefined : this.key(shown);
  }

  private isRendered(row: number): boolean {
    return row === -1 || this.windowing.inPage(row);
  }

  private async moveTo(cell: { row: number; col: number }): Promise<void> {
    this.active = { key: this.keyOf(cell.row), col: cell.col };
    this.windowing.reveal(cell.row);
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.focusActive();
  }

  private focusActive(): void {
    const row = this.activeRow;
    const cell = this.host.renderRoot.querySelector<HTMLElement>(`[data-cell="${row}:${this.active.col}"]`);
    const target = cell?.querySelector<HTMLElement>('button') ?? cell;
    target?.focus({ preventScroll: row >= 0 });
  }

  /**
   * This update removed or moved the focused row (a scroll, a filter, a poll that re-sorted):
   * the focus goes back to the same row, or to a row in view when that row is out of the page.
   */
  private restoreFocus(): void {
    const activeRow = this.activeRow;
    if (!this.isRendered(activeRow) || (this.active.key !== undefined && activeRow < 0)) {
      const row = Math.min(this.rows().length - 1, this.windowing.firstInView);
      this.active = { key: this.keyOf(row), col: this.active.col };
      this.tabStop = { row: this.active.key === undefined ? -1 : row, col: this.active.col };
      this.host.requestUpdate();
    }
    this.focusActive();
  }
}
