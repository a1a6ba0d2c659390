import { consume } from '@lit/context';
import { msg, str } from '@lit/localize';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { isAgentState, type AgentState } from '../../api/codes.js';
import { jodoSessionContext, type JodoSession } from '../../context/session.js';
import { AgentStatusController } from '../../controllers/agent-status-controller.js';
import { TickController } from '../../controllers/tick-controller.js';
import { JodoStatusChangeEvent } from '../../events/jodo-status-change.js';
import { describeDuration, formatAge, formatDuration } from '../../format/duration.js';
import { agentStateLabel } from '../../messages/agent-state-label.js';
import { pollProblemWords } from '../../messages/failure.js';
import { isStale, secondsInState, snapshotAge, type StatusSnapshot } from '../../status/freshness.js';
import { stateColours, theme } from '../../styles/theme.js';
import { JodoElement } from '../jodo-element.js';
import { statusStyles } from './status.styles.js';
import { PROVIDER_TAG } from '../../messages/element-names.js';

/**
 * The agent's live state: its label and colour, the time in that state
 * (ticking between polls), and how fresh that is: an answer older than
 * three poll intervals, or a failing poll, is marked stale. Any
 * number of these under one provider share one userStatus request per poll.
 *
 * @tag jodo-status
 * @summary An agent's live Jodo state.
 *
 * @event jodo-status-change - The agent's state changed from one known state to another; `detail` is `{ login, previous, current }`. Not fired for the first state seen (read `state`).
 *
 * @csspart base - The pill around the state.
 * @csspart label - The state's name.
 * @csspart timer - The time in state.
 * @csspart stale - The mark shown while the state is not current, with how old it is.
 */
export class JodoStatus extends JodoElement {
  static override styles = [theme, stateColours, statusStyles];

  @consume({ context: jodoSessionContext, subscribe: true })
  @state()
  private session?: JodoSession;

  private readonly status = new AgentStatusController(
    this,
    () => ({ hub: this.session?.status, login: this.agentLogin }),
    (next, previous) => this.announce(next, previous),
  );

  constructor() {
    super();
    // The time in state ticks every second between polls, only while a state is shown.
    new TickController(this, () => this.state !== undefined);
  }

  /** The agent to show; the provider's signed-in agent when empty. */
  @property() login = '';

  /**
   * The "updated … ago" tooltip is written once the pointer is over the state: until then no
   * relative-time formatter is built (one of the costliest parts of the first answer's render)
   * and the attribute is not rewritten every second.
   */
  @state() private tooltipWanted = false;

  private readonly wantTooltip = () => {
    this.tooltipWanted = true;
  };

  /** The agent's current state (1-11), once known. */
  get state(): AgentState | undefined {
    const state = this.status.snapshot?.agent?.state;
    return isAgentState(state) ? state : undefined;
  }

  private get agentLogin(): string {
    return this.login.trim() || this.session?.login || '';
  }

  private announce(next: StatusSnapshot, previous: StatusSnapshot | undefined): void {
    const before = previous?.agent?.state;
    const now = next.agent?.state;
    if (isAgentState(before) && isAgentState(now) && before !== now) {
      this.dispatchEvent(new JodoStatusChangeEvent({ login: this.agentLogin, previous: before, current: now }));
    }
  }

  private renderMessage(text: string, hint?: string) {
    return html`<span part="base" class="message" role="status">${text}${hint ? html`<span class="visually-hidden"> ${hint}</span>` : nothing}</span>`;
  }

  override render() {
    if (!this.session) return this.providerPending ? nothing : this.renderMessage(msg('Jodo: not connected'), msg(str`Place this element inside ${PROVIDER_TAG}.`));
    if (!this.session.client) return this.renderMessage(msg('Jodo: no endpoint'), msg(str`Set the endpoint attribute of ${PROVIDER_TAG}.`));
    if (!this.agentLogin) return this.renderMessage(msg('Jodo: no agent'), msg('Set the login attribute.'));
    const snapshot = this.status.snapshot;
    if (!snapshot?.agent) {
      return snapshot?.failing
        ? html`<span part="base" class="message is-stale" role="status" title=${snapshot.problem ? pollProblemWords(snapshot.problem) : ''}>${msg("Can't reach Jodo")} <span class="stale">${msg('Retrying')}</span></span>`
        : this.renderMessage(msg('Connecting…'));
    }
    const { agent } = snapshot;
    if (!agent.ok || !isAgentState(agent.state)) {
      return this.renderMessage(msg(str`Unknown agent ${agent.login}`), msg('Check the login attribute.'));
    }
    const now = Date.now();
    const stale = isStale(snapshot, now);
    const elapsed = secondsInState(snapshot, now);
    // The label by the state's code, in the agent's language (Jodo's own text is English).
    const label = agentStateLabel(agent.state);
    const age = stale || this.tooltipWanted ? formatAge((snapshotAge(snapshot, now) ?? 0) / 1000) : '';
    const why = snapshot.failing ? (snapshot.problem ? pollProblemWords(snapshot.problem) : msg('No answer from Jodo.')) : msg('No fresh answer from Jodo.');
    const duration = describeDuration(elapsed);
    const tooltip = stale ? msg(str`${why} Last updated ${age}.`) : this.tooltipWanted ? msg(str`Jodo: updated ${age}`) : nothing;
    return html`<span part="base" data-state=${agent.state} class=${stale ? 'is-stale' : ''} title=${tooltip} @pointerenter=${this.wantTooltip}>
      <span part="label" role="status" aria-live="polite">${label}</span>
      <span part="timer"><span aria-hidden="true">${formatDuration(elapsed)}</span><span class="visually-hidden">${msg(str`for ${duration}`, { desc: 'Time in the agent state, e.g. "for 2 minutes 5 seconds"' })}</span></span>
      ${stale ? html`<span part="stale" class="stale" role="status">${snapshot.failing ? msg('Reconnecting') : msg('Not updating')} · ${msg(str`updated ${age}`)}</span>` : nothing}
    </span>`;
  }
}
