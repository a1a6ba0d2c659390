import { consume } from '@lit/context';
import { msg, str } from '@lit/localize';
import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { validateRequest } from '../../api/client.js';
import { JodoValidationError } from '../../api/errors.js';
import { MAX_IDS } from '../../api/limits.js';
import { jodoSessionContext, type JodoSession } from '../../context/session.js';
import { TeamStatusController } from '../../controllers/team-status-controller.js';
import { TickController } from '../../controllers/tick-controller.js';
import { JodoReallocateEvent, JodoReallocatedEvent, type Reallocation } from '../../events/jodo-reallocate.js';
import { describeDuration, formatAge, formatDuration } from '../../format/duration.js';
import { formatNumber } from '../../format/number.js';
import { formattingLocale } from '../../i18n/localization.js';
import { agentStateLabel } from '../../messages/agent-state-label.js';
import { pollProblemWords } from '../../messages/failure.js';
import { PROVIDER_TAG } from '../../messages/element-names.js';
import { reallocationLabels, reallocationProblems, type ReallocationField, type ReallocationProblem } from '../../messages/reallocation.js';
import { jodoTimeOfInput } from '../../requests/request-log.js';
import { isStale, snapshotAge, type StatusSnapshot } from '../../status/status-hub.js';
import { stateColours, theme } from '../../styles/theme.js';
import { jsonAttribute } from '../json-attribute.js';
import { JodoElement } from '../jodo-element.js';
import { teamBoardStyles } from './team-board.styles.js';
import { countStates, queryRows, readLogins, stateRank, teamRows, type RowState, type SortKey, type TeamQuery, type TeamRow } from './team-view.js';
import { DEFAULT_THRESHOLDS, readThresholds, type StateThresholds } from './thresholds.js';

/** Rows rendered beyond each edge of the visible ones, so scrolling shows no gap. */
const OVERSCAN = 8;
/** Rows rendered before a row's height is known: the default height's rows and the overscan. */
const FIRST_WINDOW = 28;
const SORTS: readonly SortKey[] = ['name', 'state', 'time'];

interface Draft {
  from: string;
  contactnumber: string;
  customercode: string;
  calldatetime: string;
  to: string;
}

type DialogStep = 'form' | 'confirm' | 'sending';

/**
 * A live wallboard of a team: each agent's state and time in it, a warning
 * past a per-state threshold, counts per state, sorting and filtering by
 * state and name. One userStatus request per poll for the whole team (the
 * provider's poller, shared with every other Jodo element); up to 1,000
 * agents. Only the rows in view are in the page, so a thousand agents
 * updating every second stay smooth.
 *
 * The agents are the `logins` attribute (comma- or space-separated) or
 * property (a list); without either, the supervisor's team from the
 * gateway's session (`<jodo-provider session-url>`).
 *
 * With `reallocate`, each row offers to move a contact's data and scheduled
 * calls (reallocatedata) from that agent to another agent of the board,
 * after a confirmation that names both agents and the contact.
 *
 * The list is a grid: Tab enters it once, then the arrow keys, Home, End,
 * Page Up, Page Down and Ctrl+Home / Ctrl+End move between cells; the
 * column headers sort.
 *
 * @tag jodo-team-board
 * @summary A team's live agent states, with reallocation.
 *
 * @event jodo-reallocate - The supervisor confirmed a reallocation; `detail` is `{ contactnumber, from, to, customercode?, calldatetime? }`. Cancel it and nothing is sent.
 * @event jodo-reallocated - Jodo reallocated the contact; same `detail`.
 *
 * @csspart base - The board.
 * @csspart counts - The agents per state, each a filter button.
 * @csspart search - The name filter.
 * @csspart grid - The grid of agents.
 * @csspart row - One agent's row.
 * @csspart state - An agent's state.
 * @csspart over - The mark on a time past its state's threshold.
 * @csspart notice - What the board says about itself (not updating, too many agents, bad settings).
 * @csspart reallocation - The reallocation dialog.
 */
export class JodoTeamBoard extends JodoElement {
  static override styles = [theme, stateColours, teamBoardStyles];

  @consume({ context: jodoSessionContext, subscribe: true })
  @state()
  private session?: JodoSession;

  private readonly team = new TeamStatusController(this, () => ({ hub: this.session?.status, logins: this.teamLogins }));

  @query('.scroller') private scroller?: HTMLElement;
  @query('.rows') private rowsElement?: HTMLElement;
  @query('dialog') private dialog?: HTMLDialogElement;

  @state() private sort: SortKey = 'name';
  @state() private descending = false;
  @state() private stateFilter: RowState | undefined;
  @state() private search = '';
  @state() private first = 0;
  @state() private windowSize = FIRST_WINDOW;
  @state() private announcement = '';
  @state() private draft: Draft | undefined;
  @state() private step: DialogStep = 'form';
  @state() private problems: ReallocationProblem[] = [];

  /** The agents to show: a list, or text of logins separated by commas or spaces. Empty: the signed-in supervisor's team. */
  @property({ converter: { fromAttribute: (value: string | null) => value ?? '' } }) logins: string | string[] = '';

  /**
   * Seconds after which an agent's time in a state is marked, per state:
   * JSON such as `{"Wrapup": 60, "Hold": 120}` (the default), by state name or code.
   */
  @property({ converter: jsonAttribute }) thresholds: unknown;

  /** Offer reallocation (reallocatedata) of a contact from each agent's row. */
  @property({ type: Boolean }) reallocate = false;

  private teamLogins: readonly string[] = [];
  private dropped = 0;
  /** Logins given that the signed-in supervisor may not see (the gateway would refuse the whole poll for one of them). */
  private outsideTeam: string[] = [];
  private limits: StateThresholds = DEFAULT_THRESHOLDS;
  private rowHeight = 0;
  /**
   * The grid cell that takes focus (the one with tabindex 0): an agent's row, by login so that it
   * follows the agent through sorts and polls, or the header row (`login` undefined).
   */
  private active: { login: string | undefined; col: number } = { login: undefined, col: 0 };
  /** The cell Tab reaches: the active one, or its column's header while the active row is out of the page. */
  private tabStop = { row: -1, col: 0 };
  /** The first row in the page, as last rendered. */
  private renderedFirst = 0;
  /** The grid had the focus when this update began: a row it removed or moved must not take the focus away. */
  private focusInGrid = false;

  constructor() {
    super();
    // Times in state tick every second between polls while anyone is shown.
    new TickController(this, () => this.teamLogins.length > 0);
  }

  /** The agents shown, after the filters, in the order shown. */
  get rows(): TeamRow[] {
    return queryRows(this.allRows(), this.query, this.collator);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('logins') || changed.has('session')) {
      const given = (Array.isArray(this.logins) ? this.logins.length > 0 : this.logins.trim() !== '') ? this.logins : undefined;
      const team = this.session?.team ?? [];
      let { logins, dropped } = readLogins(given ?? team);
      // Behind the gateway a supervisor sees only the team, and one login outside it would have the
      // whole poll refused (the toolbar's own state and other tabs' included): those are left out, and named.
      const inTeam = new Set([...team, this.session?.login ?? ''].map((login) => login.toLowerCase()));
      this.outsideTeam = given && team.length ? logins.filter((login) => !inTeam.has(login.toLowerCase())) : [];
      if (this.outsideTeam.length) logins = logins.filter((login) => inTeam.has(login.toLowerCase()));
      // A new array only for a new team: the controller follows it by identity.
      if (logins.join('\n') !== this.teamLogins.join('\n')) this.teamLogins = logins;
      this.dropped = dropped;
    }
    const root = this.renderRoot as ShadowRoot | undefined;
    this.focusInGrid = Boolean(root?.activeElement?.closest('[role=grid]'));
    if (changed.has('thresholds')) {
      const { thresholds, warnings } = readThresholds(this.thresholds === null ? 'not JSON' : this.thresholds);
      this.limits = thresholds;
      for (const warning of warnings) console.warn(`<jodo-team-board thresholds>: ${warning}`);
    }
  }

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
        this.requestUpdate();
      }
      this.onScroll();
    });
  });
  private observed: Element | undefined;
  private observedRow: Element | undefined;

  protected override updated(): void {
    if (this.scroller !== this.observed) {
      if (this.observed) this.resizes.unobserve(this.observed);
      if (this.scroller) this.resizes.observe(this.scroller);
      this.observed = this.scroller;
    }
    const firstRow = this.rowsElement?.querySelector('[part~="row"]') ?? undefined;
    if (firstRow !== this.observedRow) {
      if (this.observedRow) this.resizes.unobserve(this.observedRow);
      if (firstRow) this.resizes.observe(firstRow);
      this.observedRow = firstRow;
    }
    if (this.focusInGrid && !(this.renderRoot as ShadowRoot).activeElement) this.restoreGridFocus();
    // Rows out of view take their height as padding (CSSOM, which a strict CSP allows).
    const rows = this.rowsElement;
    if (rows && this.rowHeight) {
      const total = this.lastQueried.length;
      const last = Math.min(total, this.renderedFirst + this.windowSize);
      rows.style.paddingBlockStart = `${this.renderedFirst * this.rowHeight}px`;
      rows.style.paddingBlockEnd = `${Math.max(0, total - last) * this.rowHeight}px`;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizes.disconnect();
    this.observed = undefined;
    this.observedRow = undefined;
    this.dialog?.close();
  }

  private get query(): TeamQuery {
    return { sort: this.sort, descending: this.descending, search: this.search, ...(this.stateFilter !== undefined ? { state: this.stateFilter } : {}) };
  }

  private collatorFor = { locale: '', collator: new Intl.Collator() };
  private get collator(): Intl.Collator {
    const locale = formattingLocale();
    if (this.collatorFor.locale !== locale) this.collatorFor = { locale, collator: new Intl.Collator(locale, { sensitivity: 'base', numeric: true }) };
    return this.collatorFor.collator;
  }

  private allRows(now = Date.now()): TeamRow[] {
    return teamRows(this.teamLogins, (login) => this.team.snapshot(login), this.limits, now);
  }

  /** The rows of the last render, for the keyboard and the scroll handler. */
  private lastQueried: TeamRow[] = [];

  private stateName(state: RowState): string {
    if (state === 'unknown') return msg('Not known yet');
    if (state === 'missing') return msg('Unknown agent');
    return agentStateLabel(state);
  }

  // --- Filters and sorting ---------------------------------------------------------

  private setQuery(change: Partial<{ sort: SortKey; descending: boolean; stateFilter: RowState | undefined; search: string }>): void {
    Object.assign(this, change);
    this.first = 0;
    if (this.scroller) this.scroller.scrollTop = 0;
    // Said once per change of the filters, not on every poll.
    const shown = queryRows(this.allRows(), this.query, this.collator).length;
    this.announcement = msg(str`${formatNumber(shown)} of ${formatNumber(this.teamLogins.length)} agents shown`);
  }

  private sortBy(key: SortKey): void {
    this.setQuery(this.sort === key ? { descending: !this.descending } : { sort: key, descending: key === 'time' });
  }

  private readonly onSearch = (event: Event) => this.setQuery({ search: (event.target as HTMLInputElement).value });

  // --- Windowing ---------------------------------------------------------------------

  private readonly onScroll = () => {
    const scroller = this.scroller;
    if (!scroller || !this.rowHeight) return;
    // A board of unlimited height (`--jodo-board-height: none`) scrolls with the page: every row is in it.
    if (getComputedStyle(scroller).maxHeight === 'none') {
      this.first = 0;
      this.windowSize = Number.POSITIVE_INFINITY;
      return;
    }
    const first = Math.max(0, Math.floor(scroller.scrollTop / this.rowHeight) - OVERSCAN);
    const size = Math.ceil(scroller.clientHeight / this.rowHeight) + 2 * OVERSCAN;
    if (first !== this.first || size !== this.windowSize) {
      this.first = first;
      this.windowSize = size;
    }
  };

  /** Scrolls a row into the rendered window (and into view) before it takes focus. */
  private reveal(row: number): void {
    const scroller = this.scroller;
    if (row < 0 || !scroller) return;
    const height = this.rowHeight || 1;
    const top = row * height;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + height > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + height - scroller.clientHeight;
    if (!this.rowHeight) return;
    this.onScroll();
  }

  // --- Keyboard (the grid pattern of the ARIA Authoring Practices) --------------------

  private get columns(): number {
    return this.reallocate ? 4 : 3;
  }

  private readonly onGridKey = (event: KeyboardEvent) => {
    if (event.altKey || event.metaKey) return;
    const last = this.lastQueried.length - 1;
    const visible = this.scroller && this.rowHeight ? Math.floor(this.scroller.clientHeight / this.rowHeight) : 10;
    const page = Math.max(1, Math.min(visible, Number.isFinite(this.windowSize) ? this.windowSize - 2 * OVERSCAN : visible) - 1);
    const rtl = getComputedStyle(this).direction === 'rtl';
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
      case 'End': if (event.ctrlKey) row = last; col = this.columns - 1; break;
      default: return;
    }
    event.preventDefault();
    this.moveTo({ row, col: Math.max(0, Math.min(this.columns - 1, col)) });
  };

  /** The active cell's row in the rows shown: -1 for the header (or an agent no longer shown). */
  private get activeRow(): number {
    const { login } = this.active;
    return login === undefined ? -1 : this.lastQueried.findIndex((row) => row.login === login);
  }

  private async moveTo(cell: { row: number; col: number }): Promise<void> {
    this.active = { login: cell.row < 0 ? undefined : this.lastQueried[cell.row]?.login, col: cell.col };
    this.reveal(cell.row);
    this.requestUpdate();
    await this.updateComplete;
    this.focusActive();
  }

  private focusActive(): void {
    const row = this.activeRow;
    const cell = this.renderRoot.querySelector<HTMLElement>(`[data-cell="${row}:${this.active.col}"]`);
    const target = cell?.querySelector<HTMLElement>('button') ?? cell;
    target?.focus({ preventScroll: row >= 0 });
  }

  private readonly onGridFocusIn = (event: FocusEvent) => {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-cell]');
    const [row, col] = (cell?.dataset['cell'] ?? '').split(':').map(Number);
    if (!Number.isInteger(row) || !Number.isInteger(col)) return;
    const login = row! < 0 ? undefined : this.lastQueried[row!]?.login;
    if (login !== this.active.login || col !== this.active.col) {
      this.active = { login, col: col! };
      this.requestUpdate();
    }
  };

  private isRendered(row: number): boolean {
    return row === -1 || (row >= this.renderedFirst && row < this.renderedFirst + this.windowSize && row < this.lastQueried.length);
  }

  /**
   * This update removed or moved the focused row (a scroll, a filter, a poll that re-sorted):
   * the focus goes back to the same agent, or to a row in view when that agent is out of the page.
   */
  private restoreGridFocus(): void {
    if (!this.isRendered(this.activeRow) || (this.active.login !== undefined && this.activeRow < 0)) {
      const row = Math.min(this.lastQueried.length - 1, this.renderedFirst + (this.renderedFirst > 0 ? OVERSCAN : 0));
      this.active = { login: this.lastQueried[row]?.login, col: this.active.col };
      this.tabStop = { row: this.active.login === undefined ? -1 : row, col: this.active.col };
      this.requestUpdate();
    }
    this.focusActive();
  }

  private tabIndexOf(row: number, col: number): number {
    return row === this.tabStop.row && col === this.tabStop.col ? 0 : -1;
  }

  // --- Reallocation ------------------------------------------------------------------

  private openReallocation(from: string): void {
    const others = this.teamLogins.filter((login) => login.toLowerCase() !== from.toLowerCase());
    this.draft = { from, contactnumber: '', customercode: '', calldatetime: '', to: others[0] ?? '' };
    this.step = 'form';
    this.problems = [];
    void this.updateComplete.then(() => {
      this.dialog?.showModal();
      this.renderRoot.querySelector<HTMLInputElement>('#contactnumber')?.focus();
    });
  }

  private closeReallocation(): void {
    this.dialog?.close();
  }

  /** Escape while Jodo is being asked would hide its answer: the dialog stays until it arrives. */
  private readonly onDialogCancel = (event: Event) => {
    if (this.step === 'sending') event.preventDefault();
  };

  private readonly onDialogClose = () => {
    this.draft = undefined;
    this.problems = [];
    this.step = 'form';
  };

  /** After each step the focus goes where the supervisor acts next (never left on a button that is gone). */
  private focusInDialog(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`dialog ${selector}`)?.focus());
  }

  private backToForm(): void {
    this.step = 'form';
    this.problems = [];
    this.focusInDialog('#contactnumber');
  }

  private edit(field: keyof Draft, value: string): void {
    if (!this.draft) return;
    this.draft = { ...this.draft, [field]: value };
    this.problems = this.problems.filter((problem) => problem.field !== (field as ReallocationField));
  }

  private request(draft: Draft): Reallocation {
    const optional = (value: string) => value.trim();
    return {
      contactnumber: draft.contactnumber.trim(),
      from: draft.from,
      to: draft.to,
      ...(optional(draft.customercode) ? { customercode: optional(draft.customercode) } : {}),
      ...(draft.calldatetime ? { calldatetime: jodoTimeOfInput(this.session?.requests, draft.calldatetime) } : {}),
    };
  }

  /** The form's first step: checks what it can without Jodo, then asks for confirmation. */
  private readonly review = (event: Event) => {
    event.preventDefault();
    const draft = this.draft;
    if (!draft) return;
    const reallocation = this.request(draft);
    // The same checks the client makes before sending; the servicekey is the provider's (or the gateway's) to add.
    const issues = validateRequest('reallocatedata', { ...this.wireOf(reallocation), servicekey: 'checked-on-send' });
    this.problems = issues.length ? reallocationProblems(new JodoValidationError('reallocatedata', issues), reallocation) : [];
    // The agent must still be on the board (the team may have changed while the dialog was open).
    if (!this.teamLogins.includes(draft.to) && !this.problems.some((problem) => problem.field === 'to')) {
      this.problems.push({ field: 'to', message: msg('Choose the agent to give the contact to.') });
    }
    if (this.problems.length) {
      this.focusInDialog(`#${this.problems[0]!.field ?? 'contactnumber'}`);
      return;
    }
    this.step = 'confirm';
    this.focusInDialog('.confirm');
  };

  private wireOf(reallocation: Reallocation) {
    const { contactnumber, to, customercode, calldatetime } = reallocation;
    return { contactnumber, login: to, ...(customercode ? { customercode } : {}), ...(calldatetime ? { calldatetime } : {}) };
  }

  private async send(): Promise<void> {
    const draft = this.draft;
    const client = this.session?.client;
    if (!draft || !client || this.step === 'sending') return;
    const reallocation = this.request(draft);
    if (!this.dispatchEvent(new JodoReallocateEvent({ ...reallocation }))) {
      this.closeReallocation();
      return;
    }
    this.step = 'sending';
    try {
      await client.reallocateData(this.wireOf(reallocation));
    } catch (error) {
      const problems = reallocationProblems(error, reallocation);
      if (this.draft !== draft) {
        // The board left the page meanwhile: still said, not lost.
        this.announcement = problems.map((problem) => problem.message).join(' ');
        return;
      }
      this.problems = problems;
      const field = problems.find((problem) => problem.field)?.field;
      this.step = field ? 'form' : 'confirm';
      this.focusInDialog(field ? `#${field}` : '.confirm');
      return;
    }
    this.announcement = msg(str`Contact ${reallocation.contactnumber} now goes to ${reallocation.to}.`);
    this.dispatchEvent(new JodoReallocatedEvent({ ...reallocation }));
    if (this.draft === draft) this.closeReallocation();
  }

  // --- Rendering ---------------------------------------------------------------------

  private renderMessage(text: string, hint?: string) {
    return html`<div part="base" class="message" role="status">${text}${hint ? html`<span class="visually-hidden"> ${hint}</span>` : nothing}</div>`;
  }

  private renderCounts(rows: readonly TeamRow[]) {
    const { byState, over } = countStates(rows);
    const states = [...byState.keys()].sort((a, b) => stateRank(a) - stateRank(b));
    const button = (state: RowState | undefined, label: string, count: number) => html`<button
      type="button"
      data-state=${state ?? 'all'}
      aria-pressed=${this.stateFilter === state ? 'true' : 'false'}
      @click=${() => this.setQuery({ stateFilter: this.stateFilter === state ? undefined : state })}
    ><span class="count-label">${label}</span> <span class="count">${formatNumber(count)}</span></button>`;
    return html`<div part="counts" role="group" aria-label=${msg('Agents per state')}>
      ${button(undefined, msg('All agents'), rows.length)}
      ${states.map((state) => button(state, this.stateName(state), byState.get(state) ?? 0))}
      ${over ? html`<span class="over-count">${msg(str`${formatNumber(over)} past their limit`)}</span>` : nothing}
    </div>`;
  }

  private renderNotices(snapshot: StatusSnapshot | undefined, now: number) {
    const notices = [];
    if (this.dropped) notices.push(msg(str`Showing the first ${formatNumber(MAX_IDS)} agents; ${formatNumber(this.dropped)} more are not shown.`));
    if (this.outsideTeam.length) notices.push(msg(str`Not in your team, so not shown: ${this.outsideTeam.join(', ')}.`));
    if (this.thresholds === null) notices.push(msg('The thresholds attribute is not JSON: the default thresholds apply.'));
    const stale = snapshot && isStale(snapshot, now);
    if (stale) notices.push(snapshot.failing ? (snapshot.problem ? pollProblemWords(snapshot.problem) : msg('No answer from Jodo.')) : msg('No fresh answer from Jodo.'));
    // The age ticks every second: beside the live region, not in it, so it is not read out each time.
    const age = stale ? snapshotAge(snapshot, now) : undefined;
    return notices.length
      ? html`<div part="notice"><div role="status">${notices.map((notice) => html`<p>${notice}</p>`)}</div>${age === undefined ? nothing : html`<p>${msg(str`Last updated ${formatAge(age / 1000)}.`)}</p>`}</div>`
      : nothing;
  }

  private renderHeader() {
    const titles: Record<SortKey, string> = { name: msg('Agent'), state: msg('State'), time: msg('Time in state') };
    const sortOf = (key: SortKey) => (this.sort === key ? (this.descending ? 'descending' : 'ascending') : 'none');
    return html`<div role="rowgroup" class="head">
      <div role="row" aria-rowindex="1" class="row">
        ${SORTS.map(
          (key, col) => html`<div role="columnheader" aria-sort=${sortOf(key)} data-cell="-1:${col}">
            <button type="button" tabindex=${this.tabIndexOf(-1, col)} @click=${() => this.sortBy(key)}>
              ${titles[key]}<span aria-hidden="true" class="sort-mark">${this.sort === key ? (this.descending ? '▼' : '▲') : ''}</span>
            </button>
          </div>`,
        )}
        ${this.reallocate ? html`<div role="columnheader" data-cell="-1:3" tabindex=${this.tabIndexOf(-1, 3)}>${msg('Reallocate')}</div>` : nothing}
      </div>
    </div>`;
  }

  private renderRow(row: TeamRow, index: number) {
    const known = typeof row.state === 'number';
    const limit = row.limit !== undefined ? describeDuration(row.limit) : '';
    return html`<div role="row" part="row" class="row ${row.over ? 'is-over' : ''}" aria-rowindex=${index + 2}>
      <div role="gridcell" class="login" data-cell="${index}:0" tabindex=${this.tabIndexOf(index, 0)}>${row.login}</div>
      <div role="gridcell" data-cell="${index}:1" tabindex=${this.tabIndexOf(index, 1)}>
        <span part="state" class="state ${known ? '' : 'is-unknown'}" data-state=${known ? row.state : nothing}>${this.stateName(row.state)}</span>
      </div>
      <div role="gridcell" class="time" data-cell="${index}:2" tabindex=${this.tabIndexOf(index, 2)}>
        ${known
          ? html`<span aria-hidden="true">${formatDuration(row.seconds)}</span><span class="visually-hidden">${describeDuration(row.seconds)}</span>${row.over
              ? html` <span part="over" class="over">${msg('Over')}<span class="visually-hidden"> ${msg(str`the limit of ${limit}`)}</span></span>`
              : nothing}`
          : html`<span aria-hidden="true">–</span><span class="visually-hidden">${msg('Not known')}</span>`}
      </div>
      ${this.reallocate
        ? html`<div role="gridcell" data-cell="${index}:3">
            <button type="button" tabindex=${this.tabIndexOf(index, 3)} aria-label=${msg(str`Reallocate a contact of ${row.login}`)} @click=${() => this.openReallocation(row.login)}>
              ${msg('Reallocate…')}
            </button>
          </div>`
        : nothing}
    </div>`;
  }

  private problemOf(field: ReallocationField): string | undefined {
    return this.problems.find((problem) => problem.field === field)?.message;
  }

  private renderField(field: ReallocationField, control: unknown) {
    const problem = this.problemOf(field);
    return html`<div class="field">
      <label for=${field}>${reallocationLabels()[field]}</label>
      ${control}
      ${problem ? html`<p class="error" id="${field}-error">${problem}</p>` : nothing}
    </div>`;
  }

  private renderDialog(rows: readonly TeamRow[]) {
    const draft = this.draft;
    const generalProblems = this.problems.filter((problem) => !problem.field);
    const states = new Map(rows.map((row) => [row.login, row.state]));
    const option = (login: string) => {
      const state = states.get(login);
      return state === undefined ? login : msg(str`${login} (${this.stateName(state)})`, { desc: 'An agent to give a contact to, and the state the agent is in' });
    };
    const invalid = (field: ReallocationField) => (this.problemOf(field) ? 'true' : 'false');
    const described = (field: ReallocationField) => (this.problemOf(field) ? `${field}-error` : nothing);
    const body = !draft
      ? nothing
      : this.step === 'form'
        ? html`<form @submit=${this.review} novalidate>
            <p>${msg(str`From ${draft.from}`)}</p>
            ${this.renderField(
              'contactnumber',
              html`<input id="contactnumber" inputmode="tel" autocomplete="off" required .value=${draft.contactnumber} aria-invalid=${invalid('contactnumber')} aria-describedby=${described('contactnumber')}
                @input=${(event: Event) => this.edit('contactnumber', (event.target as HTMLInputElement).value)} />`,
            )}
            ${this.renderField(
              'customercode',
              html`<input id="customercode" autocomplete="off" .value=${draft.customercode} aria-invalid=${invalid('customercode')} aria-describedby=${described('customercode')}
                @input=${(event: Event) => this.edit('customercode', (event.target as HTMLInputElement).value)} />`,
            )}
            ${this.renderField(
              'calldatetime',
              html`<input id="calldatetime" type="datetime-local" step="60" .value=${draft.calldatetime} aria-invalid=${invalid('calldatetime')} aria-describedby=${described('calldatetime')}
                @input=${(event: Event) => this.edit('calldatetime', (event.target as HTMLInputElement).value)} />`,
            )}
            ${this.renderField(
              'to',
              html`<select id="to" aria-invalid=${invalid('to')} aria-describedby=${described('to')} @change=${(event: Event) => this.edit('to', (event.target as HTMLSelectElement).value)}>
                ${this.teamLogins
                  .filter((login) => login.toLowerCase() !== draft.from.toLowerCase())
                  .map((login) => html`<option value=${login} ?selected=${login === draft.to}>${option(login)}</option>`)}
              </select>`,
            )}
            ${generalProblems.map((problem) => html`<p class="error" role="alert">${problem.message}</p>`)}
            <div class="actions">
              <button type="button" @click=${() => this.closeReallocation()}>${msg('Cancel')}</button>
              <button type="submit" class="primary">${msg('Review')}</button>
            </div>
          </form>`
        : html`<p class="confirm-text" id="confirm-text">
              ${draft.customercode.trim()
                ? msg(str`Give contact ${draft.contactnumber.trim()} (customer code ${draft.customercode.trim()}) and its scheduled calls from ${draft.from} to ${draft.to}?`)
                : msg(str`Give contact ${draft.contactnumber.trim()} and its scheduled calls from ${draft.from} to ${draft.to}?`)}
              ${msg('Jodo moves every record of this number in this process, whoever holds it.')}
            </p>
            ${generalProblems.map((problem) => html`<p class="error" role="alert">${problem.message}</p>`)}
            <div class="actions">
              <button type="button" ?disabled=${this.step === 'sending'} @click=${() => this.backToForm()}>${msg('Back')}</button>
              <button type="button" class="primary confirm" aria-describedby="confirm-text" ?disabled=${this.step === 'sending'} @click=${() => void this.send()}>
                ${this.step === 'sending' ? msg('Reallocating…') : msg('Reallocate')}
              </button>
            </div>`;
    return html`<dialog part="reallocation" aria-labelledby="reallocation-title" @cancel=${this.onDialogCancel} @close=${this.onDialogClose}>
      <h2 id="reallocation-title">${msg('Reallocate a contact')}</h2>
      <div aria-busy=${this.step === 'sending' ? 'true' : 'false'}>${body}</div>
    </dialog>`;
  }

  override render() {
    if (!this.session) return this.renderMessage(msg('Jodo: not connected'), msg(str`Place this element inside ${PROVIDER_TAG}.`));
    if (!this.session.client) return this.renderMessage(msg('Jodo: no endpoint'), msg(str`Set the endpoint attribute of ${PROVIDER_TAG}.`));
    if (this.teamLogins.length === 0) return this.renderMessage(msg('No agents to show. Set the logins attribute, or sign in as a supervisor.'));
    const now = Date.now();
    const all = this.allRows(now);
    const shown = (this.lastQueried = queryRows(all, this.query, this.collator));
    const first = (this.renderedFirst = Math.min(this.first, Math.max(0, shown.length - 1)));
    const windowRows = shown.slice(first, first + this.windowSize);
    const activeRow = this.activeRow;
    this.tabStop = { row: activeRow >= 0 && this.isRendered(activeRow) ? activeRow : -1, col: this.active.col };
    const sample = this.team.snapshot(this.teamLogins[0]!);
    return html`<div part="base">
      ${this.renderNotices(sample, now)}
      ${this.renderCounts(all)}
      <div class="search">
        <label for="search">${msg('Find an agent')}</label>
        <input id="search" part="search" type="search" autocomplete="off" .value=${this.search} @input=${this.onSearch} />
      </div>
      <div
        part="grid"
        role="grid"
        class=${this.reallocate ? 'with-actions' : ''}
        aria-label=${msg('Team')}
        aria-rowcount=${shown.length + 1}
        aria-colcount=${this.columns}
        @keydown=${this.onGridKey}
        @focusin=${this.onGridFocusIn}
      >
        ${this.renderHeader()}
        <div class="scroller" @scroll=${this.onScroll}>
          <div role="rowgroup" class="rows">
            ${repeat(windowRows, (row) => row.login, (row, offset) => this.renderRow(row, first + offset))}
          </div>
        </div>
      </div>
      ${shown.length === 0 ? html`<p class="empty">${msg('No agent matches.')}</p>` : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.reallocate ? this.renderDialog(all) : nothing}
    </div>`;
  }
}
