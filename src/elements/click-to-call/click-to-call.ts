import { consume } from '@lit/context';
import { msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { html, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Params } from '../../api/client.js';
import { AgentStates, HOT_LEAD_CALL_TYPE, VOICE_OUT, isAgentState } from '../../api/codes.js';
import { formatJodoDateTime } from '../../api/rules.js';
import { jodoNow } from '../../requests/request-log.js';
import { jodoSessionContext, type JodoSession } from '../../context/session.js';
import { AgentStatusController } from '../../controllers/agent-status-controller.js';
import { PhoneLinkController } from '../../controllers/phone-link-controller.js';
import { TickController } from '../../controllers/tick-controller.js';
import { JodoDialEvent, JodoDialResultEvent, type JodoDialDetail } from '../../events/jodo-dial.js';
import { agentStateLabel } from '../../messages/agent-state-label.js';
import { PROVIDER_TAG } from '../../messages/element-names.js';
import { failureMessage } from '../../messages/failure.js';
import { normaliseNumber, readDialPolicy, resolveDialPolicy, type DialNumber, type DialPolicy } from '../../phone/dial-policy.js';
import { isStale, type StatusSnapshot } from '../../status/freshness.js';
import { theme } from '../../styles/theme.js';
import { JodoElement } from '../jodo-element.js';
import { clickToCallStyles } from './click-to-call.styles.js';

/**
 * Per toolbar (its provider's poller), what its elements share: the agents (lower-cased login) with a
 * dial request under way, one at a time per agent whichever element or number sent it; and the agents
 * a call was just requested for, and until when: while the agent still shows Ready, no element queues
 * another Hot Lead for them (it would ring by itself after the first call).
 */
const dialling = new WeakMap<object, { inFlight: Set<string>; holds: Map<string, number> }>();
const diallingFor = (hub: object) => {
  let shared = dialling.get(hub);
  if (!shared) dialling.set(hub, (shared = { inFlight: new Set(), holds: new Map() }));
  return shared;
};

/**
 * How long a number Jodo took stays "being called" while the agent still
 * shows Ready (until the dialler moves the agent), so that a second click
 * cannot queue the same call twice.
 */
const REQUESTED_HOLD_MS = 30_000;

/**
 * `callDateTime` is "now" by Jodo's clock as the provider measured it, set back this much so
 * a skew not measured yet (a computer clock a few minutes ahead) does not make the call wait.
 */
const CLOCK_MARGIN_MS = 5 * 60_000;

const phoneIcon = svg`<svg viewBox="0 0 24 24" focusable="false"><path d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"/></svg>`;

/**
 * A phone number the agent calls with one click: Jodo dials it now and
 * connects the agent (an `ImportProcessData` of one record: media Voice Out
 * (12), calltype 5 Hot Lead, `userlogin` the provider's agent, `callDateTime`
 * now). Sent once, never retried and never queued for later: a call placed
 * late would surprise everyone. A cancelable `jodo-dial` event goes first.
 *
 * **Wrap** one number: `<jodo-click-to-call number="+91 98200 12345"></jodo-click-to-call>`,
 * or the number as its text: `<jodo-click-to-call>+91 98200 12345</jodo-click-to-call>`
 * (other text shows instead of the number when `number` is set).
 * **Scan** a part of the page: `<jodo-click-to-call scan><table>…</table></jodo-click-to-call>`
 * turns every phone number in its text into a click-to-call of its own
 * (7 to 16 digits with spaces, dashes, dots or parentheses; dates, times,
 * amounts and long ids stay text), in place, keeping the page's markup;
 * content added later is scanned too. Links, buttons, form fields, code,
 * editable text and anything under `data-jodo-no-dial` are left alone.
 * Scan content the page owns, not markup a framework (React, Vue) re-renders.
 *
 * The control works only while the agent is Ready (state 1), as the
 * provider's poller last saw it, recently; otherwise it says why not (no
 * agent, not connected, state unknown or not current, the agent's state,
 * a number that cannot be dialled), on hover and to screen readers, and
 * in words when clicked.
 *
 * **Dial policy.** How the number is written for the trunk, per the Jodo
 * document's trunk note: separators are stripped; `trunk="gsm"` (default)
 * keeps a leading `+` for international numbers, `trunk="telco"` writes it
 * as `00`; `country-code="91"` dials the deployment's own country's numbers
 * (`+91…`, `0091…`) as national ones; `domestic-prefix="0"` puts that prefix
 * before national numbers (once); then the number must have 3 to 16 digits
 * after any `+` or `00`, or it is refused before anything is sent. Set them
 * once for the page on `<jodo-provider>`; an element's own attributes (or a
 * scanning element's, for the numbers it finds) win, one by one.
 *
 * @tag jodo-click-to-call
 * @summary A phone number the agent calls with one click, or every number in a part of the page.
 *
 * @slot - The number as text (when `number` is not set), or what to show instead of it; with `scan`, the content whose numbers become calls.
 *
 * @event jodo-dial - About to ask Jodo to dial; `detail` is `{ written, number, login }` (`number` as sent). Cancelable: `preventDefault()` sends nothing.
 * @event jodo-dial-result - Jodo answered; `detail` is `{ written, number, login, ok, message? }`, `message` saying why not when `ok` is false.
 *
 * @csspart base - The control and its message.
 * @csspart button - The button that places the call.
 * @csspart icon - The phone icon.
 * @csspart label - The number (or the slotted text), always left to right.
 * @csspart message - Progress, success or why the call was not placed.
 */
export class JodoClickToCall extends JodoElement {
  static override styles = [theme, clickToCallStyles];

  @consume({ context: jodoSessionContext, subscribe: true })
  @state()
  private session?: JodoSession;

  private readonly status = new AgentStatusController(
    this,
    () => ({ hub: this.scan ? undefined : this.session?.status, login: this.session?.login }),
    (next, previous) => this.statusChanged(next, previous),
  );

  // Writes are sent once: a click that fails says so, and the agent decides to click again.
  private readonly dial = new Task(this, {
    autoRun: false,
    task: async ([request]: [Params<'ImportProcessData'>]) => {
      const client = this.session?.client;
      if (!client) throw new Error('No Jodo client');
      return client.importProcessData(request);
    },
  });

  /** What the last click led to, shown beside the control. */
  @state() private message = '';
  @state() private messageKind: '' | 'progress' | 'success' | 'error' = '';
  /** Jodo took the number and the agent has not left Ready yet. */
  @state() private requested = false;
  private requestedTimer: ReturnType<typeof setTimeout> | undefined;
  /** This element's own dial settings, read from its attributes. */
  private ownPolicy: Partial<DialPolicy> = {};

  constructor() {
    super();
    // Staleness comes with time, not with answers: look again now and then while a state is shown.
    new TickController(this, () => !this.scan && this.status.snapshot !== undefined, 5000);
    new PhoneLinkController(this, {
      enabled: () => this.scan,
      link: (written) => {
        const link = this.ownerDocument.createElement(this.localName);
        link.setAttribute('number', written);
        link.textContent = written;
        return link;
      },
    });
  }

  /** The number to call, as written (spaces, dashes, a `+`…); the element's text when empty. */
  @property() number = '';

  /** Finds the phone numbers in the element's content and makes each a click-to-call. */
  @property({ type: Boolean, reflect: true }) scan = false;

  /** `gsm` dials international numbers with `+`, `telco` with `00`; the provider's `trunk` (else `gsm`) when empty. */
  @property() trunk = '';

  /** Digits put before national numbers (`0`); the provider's `domestic-prefix` (else none) when empty. */
  @property({ attribute: 'domestic-prefix' }) domesticPrefix = '';

  /** The deployment's country calling code (`91`), whose numbers are dialled as national ones; the provider's `country-code` when empty. */
  @property({ attribute: 'country-code' }) countryCode = '';

  /** The customer's name, sent with the number (Jodo's call guide shows it). */
  @property() name = '';

  /** The customer's Jodo customer code: the record is updated on it rather than on the number. */
  @property() customercode = '';

  /** The customer's CRM key (a policy number): the record is updated on it rather than on the number. */
  @property() crmuniquefield = '';

  /** The number as Jodo is sent it under the dial policy, or undefined while it cannot be dialled. */
  get dialNumber(): string | undefined {
    const target = this.target;
    return target.ok ? target.number : undefined;
  }

  /** Why a click would place no call now (in the page's language); empty when it would. */
  get unavailableReason(): string {
    return this.blocker ?? '';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.release();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('trunk') || changed.has('domesticPrefix') || changed.has('countryCode')) {
      const { policy, unusable } = readDialPolicy({ trunk: this.trunk, domesticPrefix: this.domesticPrefix, countryCode: this.countryCode });
      if (unusable.length) console.warn(`<${this.localName}> ignores unusable dial settings: ${unusable.join(', ')}.`);
      this.ownPolicy = policy;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The numbers a scan found follow its dial settings.
    if (this.scan && (changed.has('trunk') || changed.has('domesticPrefix') || changed.has('countryCode'))) {
      for (const link of this.querySelectorAll<JodoClickToCall>(this.localName)) link.requestUpdate();
    }
  }

  /** The number as written: the attribute, else the element's text. */
  private get written(): string {
    return this.number.trim() || (this.textContent ?? '').replace(/\s+/g, ' ').trim();
  }

  /** The settings in force: this element's, a scanning element's around it, the provider's, the defaults. */
  private get policy(): DialPolicy {
    const scanner = this.parentElement?.closest(this.localName);
    return resolveDialPolicy(this.ownPolicy, scanner instanceof JodoClickToCall ? scanner.ownPolicy : undefined, this.session?.dialPolicy);
  }

  private get target(): DialNumber {
    return normaliseNumber(this.written, this.policy);
  }

  /** The first reason a click places no call now, or undefined when it would. */
  private get blocker(): string | undefined {
    const written = this.written;
    const target = this.target;
    if (!target.ok) {
      if (target.reason === 'empty') return msg('No number to call.');
      if (target.reason === 'characters') return msg(str`${written} is not a phone number: only digits, spaces, dashes, dots, parentheses and a leading + belong in one.`);
      return msg(str`${written} cannot be dialled: a number has 3 to 16 digits, optionally led by + or 00.`);
    }
    const session = this.session;
    if (!session) return msg(str`Place this element inside ${PROVIDER_TAG}.`);
    if (!session.client) return msg(str`Set the endpoint attribute of ${PROVIDER_TAG}.`);
    if (!session.login) return msg('No agent is signed in.');
    if (this.requested) return msg(str`Jodo is calling ${written}.`);
    if ((diallingFor(session.status).holds.get(session.login.toLowerCase()) ?? 0) > Date.now()) return msg('Jodo is already calling another number for this agent.');
    const snapshot = this.status.snapshot;
    const agent = snapshot?.agent;
    if (!agent) return snapshot?.failing ? msg("Can't reach Jodo") : msg("The agent's state is not known yet.");
    if (!agent.ok || !isAgentState(agent.state)) return msg(str`Unknown agent ${agent.login}`);
    if (isStale(snapshot)) return msg("The agent's state is not up to date, so a call cannot start.");
    if (agent.state !== AgentStates.Ready) {
      return msg(str`Calls start only when the agent is ${agentStateLabel(AgentStates.Ready)}; the agent is in ${agentStateLabel(agent.state)}.`);
    }
    return undefined;
  }

  private statusChanged(next: StatusSnapshot, previous: StatusSnapshot | undefined): void {
    const now = next.agent?.state;
    const before = previous?.agent?.state;
    if (now === before) return;
    // The dialler took the call: the agent's state says the rest.
    if (this.requested) this.release();
    if (this.session?.login) diallingFor(this.session.status).holds.delete(this.session.login.toLowerCase());
    // Back to Ready after the call: the last click's news is old.
    if (now === AgentStates.Ready && before !== undefined && this.messageKind === 'success') this.show('', '');
  }

  private show(kind: JodoClickToCall['messageKind'], message: string): void {
    this.messageKind = kind;
    this.message = message;
  }

  private release(): void {
    clearTimeout(this.requestedTimer);
    this.requestedTimer = undefined;
    this.requested = false;
  }

  private async handleClick(): Promise<void> {
    if (this.dial.status === TaskStatus.PENDING) return;
    const reason = this.blocker;
    const target = this.target;
    if (reason !== undefined || !target.ok || !this.session) {
      this.show(this.requested ? 'success' : 'error', reason ?? '');
      return;
    }
    const { login, servicekey } = this.session;
    const detail: JodoDialDetail = { written: this.written, number: target.number, login };
    if (!this.dispatchEvent(new JodoDialEvent({ ...detail }))) {
      this.show('', '');
      return;
    }
    const key = login.toLowerCase();
    const { inFlight, holds } = diallingFor(this.session.status);
    if (inFlight.has(key)) {
      this.show('error', msg('A call for this agent is already being requested.'));
      return;
    }
    inFlight.add(key);
    this.show('progress', msg('Dialling…', { desc: 'Asking Jodo to call the number now' }));
    try {
      await this.dial.run([this.request(detail, servicekey)]);
    } finally {
      inFlight.delete(key);
    }
    if (this.dial.status === TaskStatus.COMPLETE) {
      this.show('success', msg(str`Jodo is calling ${detail.written}.`));
      this.requested = true;
      holds.set(key, Date.now() + REQUESTED_HOLD_MS);
      clearTimeout(this.requestedTimer);
      this.requestedTimer = setTimeout(() => this.release(), REQUESTED_HOLD_MS);
      this.dispatchEvent(new JodoDialResultEvent({ ...detail, ok: true }));
    } else {
      const message = failureMessage(this.dial.error);
      this.show('error', message);
      this.dispatchEvent(new JodoDialResultEvent({ ...detail, ok: false, message }));
    }
  }

  /** One Hot Lead record for the agent, upserted on the CRM's key when the page gives one, else on the number. */
  private request({ number, login }: JodoDialDetail, servicekey: string): Params<'ImportProcessData'> {
    const name = this.name.trim();
    const customercode = this.customercode.trim();
    const crmuniquefield = this.crmuniquefield.trim();
    return {
      ...(servicekey ? { servicekey } : {}),
      media: VOICE_OUT,
      updateparam: crmuniquefield ? 'crmuniquefield' : customercode ? 'customercode' : 'mobilenumber',
      data: [
        {
          mobilenumber: number,
          userlogin: login,
          calltype: HOT_LEAD_CALL_TYPE,
          // A call time makes Jodo dial a record it knows already (the same customer called again).
          callDateTime: formatJodoDateTime(new Date(jodoNow(this.session?.requests).getTime() - CLOCK_MARGIN_MS)),
          ...(name ? { name } : {}),
          ...(customercode ? { customercode } : {}),
          ...(crmuniquefield ? { crmuniquefield } : {}),
        },
      ],
    };
  }

  override render() {
    if (this.scan) return html`<slot></slot>`;
    const written = this.written;
    const reason = this.blocker;
    const pending = this.dial.status === TaskStatus.PENDING;
    const hasText = (this.textContent ?? '').trim() !== '';
    return html`<span part="base">
      <button
        part="button"
        type="button"
        aria-label=${msg(str`Call ${written}`, { id: 'click-to-call.name', desc: 'Accessible name of the button that phones a number: "Call" as a verb, then the number' })}
        aria-disabled=${reason !== undefined || pending ? 'true' : 'false'}
        aria-describedby=${reason ? 'reason' : nothing}
        title=${reason ?? msg(str`Call ${written} through Jodo`)}
        @click=${this.handleClick}
      >
        <span part="icon" aria-hidden="true">${phoneIcon}</span>
        <span part="label"><slot @slotchange=${() => this.requestUpdate()}></slot>${hasText ? nothing : written}</span>
      </button>
      ${reason ? html`<span id="reason" class="visually-hidden">${reason}</span>` : nothing}
      <span part="message" class=${this.messageKind} role="status">${this.message}</span>
    </span>`;
  }
}
