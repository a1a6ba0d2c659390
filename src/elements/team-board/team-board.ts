/**
 * `<jodo-team-board>`: which agents it shows (the `logins` given, or the
 * session's team), their rows filtered and sorted, and the board drawn from
 * them. The rows as plain data are `team-view.ts`; the board's windowing and
 * its grid's keyboard focus are controllers (`src/controllers/`), and its
 * reallocation dialog is `reallocation-dialog.ts`.
 */
import { consume } from '@lit/context';
import { msg, str } from '@lit/localize';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
// First of the board's own imports, where `api/client.js` stood before the dialog took it over: a
// bundle keeps its modules in the same order, which gzips 0.3 KB smaller than this import in its A-Z place.
import { ReallocationDialog } from './reallocation-dialog.js';
import { MAX_IDS } from '../../api/limits.js';
import { jodoSessionContext, type JodoSession } from '../../context/session.js';
import { GridFocusController } from '../../controllers/grid-focus-controller.js';
import { TeamStatusController } from '../../controllers/team-status-controller.js';
import { TickController } from '../../controllers/tick-controller.js';
import { WindowingController } from '../../controllers/windowing-controller.js';
import { describeDuration, formatAge, formatDuration } from '../../format/duration.js';
import { formatNumber } from '../../format/number.js';
import { formattingLocale } from '../../i18n/localization.js';
import { agentStateLabel } from '../../messages/agent-state-label.js';
import { pollProblemWords } from '../../messages/failure.js';
import { PROVIDER_TAG } from '../../messages/element-names.js';
import { isStale, snapshotAge, type StatusSnapshot } from '../../status/freshness.js';
import { panel } from '../../styles/panel.js';
import { stateColours, theme } from '../../styles/theme.js';
import { jsonAttribute } from '../json-attribute.js';
import { JodoElement } from '../jodo-element.js';
import { teamBoardStyles } from './team-board.styles.js';
import { countStates, queryRows, readLogins, stateRank, teamRows, type RowState, type SortKey, type TeamQuery, type TeamRow } from './team-view.js';
import { DEFAULT_THRESHOLDS, readThresholds, type StateThresholds } from './thresholds.js';

const SORTS: readonly SortKey[] = ['name', 'state', 'time'];

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
  static override styles = [theme, stateColours, panel, teamBoardStyles];

  @consume({ context: jodoSessionContext, subscribe: true })
  @state()
  private session?: JodoSession;

  private readonly team = new TeamStatusController(this, () => ({ hub: this.session?.status, logins: this.teamLogins }));
  private readonly windowing = new WindowingController(this, { scroller: '.scroller', rows: '.rows', row: '[part~="row"]' });
  private readonly grid = new GridFocusController<TeamRow>(
    this,
    this.windowing,
    () => this.lastQueried,
    (row) => row.login,
    () => this.columns,
  );
  private readonly reallocation = new ReallocationDialog(
    this,
    () => this.session,
    () => this.teamLogins,
    (state) => this.stateName(state),
    (text) => (this.announcement = text),
  );

  @state() private sort: SortKey = 'name';
  @state() private descending = false;
  @state() private stateFilter: RowState | undefined;
  @state() private search = '';
  @state() private announcement = '';

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
    if (changed.has('thresholds')) {
      const { thresholds, warnings } = readThresholds(this.thresholds === null ? 'not JSON' : this.thresholds);
      this.limits = thresholds;
      for (const warning of warnings) console.warn(`<jodo-team-board thresholds>: ${warning}`);
    }
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

  /** The rows of the last render, for the keyboard. */
  private lastQueried: TeamRow[] = [];

  private stateName(state: RowState): string {
    if (state === 'unknown') return msg('Not known yet');
    if (state === 'missing') return msg('Unknown agent');
    return agentStateLabel(state);
  }

  // --- Filters and sorting ---------------------------------------------------------

  private setQuery(change: Partial<{ sort: SortKey; descending: boolean; stateFilter: RowState | undefined; search: string }>): void {
    Object.assign(this, change);
    this.windowing.reset();
    // Said once per change of the filters, not on every poll.
    const shown = queryRows(this.allRows(), this.query, this.collator).length;
    this.announcement = msg(str`${formatNumber(shown)} of ${formatNumber(this.teamLogins.length)} agents shown`);
  }

  private sortBy(key: SortKey): void {
    this.setQuery(this.sort === key ? { descending: !this.descending } : { sort: key, descending: key === 'time' });
  }

  private readonly onSearch = (event: Event) => this.setQuery({ search: (event.target as HTMLInputElement).value });

  private get columns(): number {
    return this.reallocate ? 4 : 3;
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
            <button type="button" tabindex=${this.grid.tabIndexOf(-1, col)} @click=${() => this.sortBy(key)}>
              ${titles[key]}<span aria-hidden="true" class="sort-mark">${this.sort === key ? (this.descending ? '▼' : '▲') : ''}</span>
            </button>
          </div>`,
        )}
        ${this.reallocate ? html`<div role="columnheader" data-cell="-1:3" tabindex=${this.grid.tabIndexOf(-1, 3)}>${msg('Reallocate')}</div>` : nothing}
      </div>
    </div>`;
  }

  private renderRow(row: TeamRow, index: number) {
    const known = typeof row.state === 'number';
    const limit = row.limit !== undefined ? describeDuration(row.limit) : '';
    return html`<div role="row" part="row" class="row ${row.over ? 'is-over' : ''}" aria-rowindex=${index + 2}>
      <div role="gridcell" class="login" data-cell="${index}:0" tabindex=${this.grid.tabIndexOf(index, 0)}>${row.login}</div>
      <div role="gridcell" data-cell="${index}:1" tabindex=${this.grid.tabIndexOf(index, 1)}>
        <span part="state" class="state ${known ? '' : 'is-unknown'}" data-state=${known ? row.state : nothing}>${this.stateName(row.state)}</span>
      </div>
      <div role="gridcell" class="time" data-cell="${index}:2" tabindex=${this.grid.tabIndexOf(index, 2)}>
        ${known
          ? html`<span aria-hidden="true">${formatDuration(row.seconds)}</span><span class="visually-hidden">${describeDuration(row.seconds)}</span>${row.over
              ? html` <span part="over" class="over">${msg('Over')}<span class="visually-hidden"> ${msg(str`the limit of ${limit}`)}</span></span>`
              : nothing}`
          : html`<span aria-hidden="true">–</span><span class="visually-hidden">${msg('Not known')}</span>`}
      </div>
      ${this.reallocate
        ? html`<div role="gridcell" data-cell="${index}:3">
            <button type="button" tabindex=${this.grid.tabIndexOf(index, 3)} aria-label=${msg(str`Reallocate a contact of ${row.login}`)} @click=${() => this.reallocation.open(row.login)}>
              ${msg('Reallocate…')}
            </button>
          </div>`
        : nothing}
    </div>`;
  }

  override render() {
    if (!this.session) return this.providerPending ? nothing : this.renderMessage(msg('Jodo: not connected'), msg(str`Place this element inside ${PROVIDER_TAG}.`));
    if (!this.session.client) return this.renderMessage(msg('Jodo: no endpoint'), msg(str`Set the endpoint attribute of ${PROVIDER_TAG}.`));
    if (this.teamLogins.length === 0) return this.renderMessage(msg('No agents to show. Set the logins attribute, or sign in as a supervisor.'));
    const now = Date.now();
    const all = this.allRows(now);
    const shown = (this.lastQueried = queryRows(all, this.query, this.collator));
    const windowRows = this.windowing.slice(shown);
    const first = this.windowing.first;
    this.grid.placeTabStop();
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
        @keydown=${this.grid.onKey}
        @focusin=${this.grid.onFocusIn}
      >
        ${this.renderHeader()}
        <div class="scroller" @scroll=${this.windowing.onScroll}>
          <div role="rowgroup" class="rows">
            ${repeat(windowRows, (row) => row.login, (row, offset) => this.renderRow(row, first + offset))}
          </div>
        </div>
      </div>
      ${shown.length === 0 ? html`<p class="empty">${msg('No agent matches.')}</p>` : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.reallocate ? this.reallocation.render(all) : nothing}
    </div>`;
  }
}
