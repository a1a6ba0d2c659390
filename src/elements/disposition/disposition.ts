import { consume } from '@lit/context';
import { msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { AgentStates, MEDIA, VOICE_IN, mediaId } from '../../api/codes.js';
import { MAX_REMARKS } from '../../api/limits.js';
import { formatJodoDateTime, parseJodoDateTime } from '../../api/rules.js';
import { jodoSessionContext, type JodoSession } from '../../context/session.js';
import { AgentStatusController } from '../../controllers/agent-status-controller.js';
import { OutboxController } from '../../controllers/outbox-controller.js';
import type { OutboxEditEvent, OutboxSettledEvent, SendOutcome } from '../../outbox/outbox.js';
import { errorOf } from '../../outbox/outbox-entry.js';
import { TickController } from '../../controllers/tick-controller.js';
import { JodoDispositionSavedEvent, JodoDispositionSubmitEvent, type DispositionRequest } from '../../events/jodo-disposition.js';
import { describeDuration, formatDuration } from '../../format/duration.js';
import { toLocalInput } from '../../format/datetime-local.js';
import { formatNumber } from '../../format/number.js';
import { fromJodoTime, jodoNow, jodoTimeOfInput, toJodoTime } from '../../requests/request-log.js';
import { isStale, secondsInState } from '../../status/freshness.js';
import { panel } from '../../styles/panel.js';
import { theme } from '../../styles/theme.js';
import { jsonAttribute } from '../json-attribute.js';
import { JodoElement } from '../jodo-element.js';
import { dispositionErrors, type DispositionError, type DispositionField } from './disposition-messages.js';
import { DAY_MS, checkWrapUp, isMasterList, type DispositionMaster } from './wrap-up-checks.js';

export type { DispositionMaster };
import { dispositionStyles } from './disposition.styles.js';
import { PROVIDER_TAG } from '../../messages/element-names.js';

/**
 * The wrap-up form: outcome, remarks, an optional callback time, the
 * contact and the media. It opens itself when the agent enters Wrapup and
 * shows how long wrap-up has lasted. A refused save is explained on the field
 * it is about, and nothing the agent typed is lost.
 *
 * @tag jodo-disposition
 * @summary Capture the disposition of a call.
 *
 * @event jodo-disposition-submit - Before sending; cancelable. `detail.request` is the saveDisposition request.
 * @event jodo-disposition-saved - Jodo saved the wrap-up. `detail.request` is what was sent.
 *
 * @csspart base - The open form's frame.
 * @csspart opener - The button that opens the form, and closes it while it is open (it stays, pressed).
 * @csspart submit - The save button.
 */
export class JodoDisposition extends JodoElement {
  static override styles = [theme, panel, dispositionStyles];

  @consume({ context: jodoSessionContext, subscribe: true })
  @state()
  private session?: JodoSession;

  private readonly status = new AgentStatusController(
    this,
    () => ({ hub: this.session?.status, login: this.session?.login }),
    (next, previous) => {
      if (next.agent?.state === AgentStates.Wrapup && previous?.agent?.state !== AgentStates.Wrapup && !this.open) {
        this.open = true;
        this.announcement = msg('Wrap-up is open: choose the outcome of the call.');
      }
    },
  );

  // A save under way when the element is removed is let finish on purpose: the wrap-up still reaches Jodo.
  // It is stored in the outbox first, so no network trouble can lose it; a refusal comes back to the form.
  private readonly save = new Task(this, {
    autoRun: false,
    task: async ([request]: [DispositionRequest]): Promise<SendOutcome<'saveDisposition'>> => {
      const outbox = this.session?.outbox;
      if (!outbox || !this.session?.client) throw new Error('No Jodo client');
      const outcome = await outbox.send('saveDisposition', request);
      if (outcome.status === 'failed') throw outcome.error;
      return outcome;
    },
  });

  /** A refused queued wrap-up the agent is fixing: dropped from the outbox once its correction is safe. */
  private replacing: string | undefined;
  /** What it was about (its call and process), which the correction keeps whatever call is on now. */
  private replacingCall: Pick<DispositionRequest, 'systemcallid' | 'servicekey'> = {};

  @state() private outcome = '';
  @state() private remarks = '';
  @state() private callback = '';
  /** Undefined until the agent types one: the current call's number is the default. */
  @state() private contact?: string;
  @state() private chosenMedia?: string;
  @state() private touched = new Set<DispositionField>();
  @state() private submitted = false;
  @state() private refused: DispositionError[] = [];
  @state() private savedMessage = '';
  /** What the one live region says: opened, saved. */
  @state() private announcement = '';
  private lastLogin = '';

  /** The outcomes: masters with their reasons. Also a JSON attribute. */
  @property({ converter: jsonAttribute })
  dispositions?: DispositionMaster[] | null;

  /** Whether the form is open. It opens itself when the agent enters Wrapup. */
  @property({ type: Boolean, reflect: true }) open = false;

  /** How many days ahead a callback may be set (the process's window in Jodo). */
  @property({ attribute: 'callback-window-days', type: Number }) callbackWindowDays = 30;

  /** The call's media by name or id (`Voice In`, `12`); the agent can change it. */
  @property() media = MEDIA[VOICE_IN];

  constructor() {
    super();
    // The wrap-up time ticks while the agent is in Wrapup.
    new TickController(this, () => this.inWrapup);
    new OutboxController(this, () => this.session?.outbox, {
      settled: (event) => this.queuedSettled(event),
      edit: (event) => void this.loadRefused(event),
    });
  }

  private get inWrapup(): boolean {
    return this.status.snapshot?.agent?.state === AgentStates.Wrapup;
  }

  private get contactValue(): string {
    return this.contact ?? this.session?.call.mobilenumber ?? '';
  }

  private get mediaValue(): string {
    const id = mediaId(this.chosenMedia ?? this.media);
    return id ? MEDIA[id] : MEDIA[VOICE_IN];
  }

  private get windowDays(): number {
    return this.callbackWindowDays > 0 ? this.callbackWindowDays : 30;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open) this.savedMessage = '';
    // Another agent signed in: what the last one typed is theirs, not this one's.
    const login = this.session?.login ?? '';
    if (login !== this.lastLogin) {
      if (this.lastLogin) this.reset();
      this.lastLogin = login;
    }
  }

  /** Problems the form can see itself, before asking Jodo. */
  private localErrors(): DispositionError[] {
    return checkWrapUp({
      outcome: this.outcome,
      contact: this.contactValue.trim(),
      media: this.mediaValue,
      remarks: this.remarks,
      // By Jodo's clock, as Jodo checks its window.
      callbackAt: this.callback ? (this.callbackAt()?.getTime() ?? NaN) : undefined,
      now: jodoNow(this.session?.requests).getTime(),
      windowDays: this.windowDays,
    });
  }

  /** The error shown on a field: Jodo's answer first, then the form's own once the field was touched or the form sent. */
  private errorFor(field: DispositionField): string | undefined {
    const refused = this.refused.find((e) => e.field === field);
    if (refused) return refused.message;
    if (!this.submitted && !this.touched.has(field)) return undefined;
    return this.localErrors().find((e) => e.field === field)?.message;
  }

  private edit(field: DispositionField, apply: () => void): void {
    apply();
    this.touched = new Set(this.touched).add(field);
    this.refused = this.refused.filter((e) => e.field !== field && e.field !== 'form');
    this.savedMessage = '';
  }

  /**
   * The callback the agent picked (by this computer's clock: "in one hour" is an hour from now
   * here) as Jodo's clock reads that moment, which is what Jodo is sent.
   */
  private callbackAt(): Date | undefined {
    const local = new Date(this.callback);
    return Number.isFinite(local.getTime()) ? toJodoTime(this.session?.requests, local) : undefined;
  }

  private request(): DispositionRequest {
    const [master, reason] = this.outcome.split(':').map(Number);
    const call = this.session?.call ?? {};
    const servicekey = this.replacing ? this.replacingCall.servicekey : this.session?.servicekey;
    const systemcallid = this.replacing ? this.replacingCall.systemcallid : call.systemcallid;
    return {
      // The process is named in the request itself, so a wrap-up that waits in the outbox goes to the process it was made in.
      ...(servicekey ? { servicekey } : {}),
      login: this.session?.login ?? '',
      dispomasterid: master!,
      disporeasonid: reason!,
      remarks: this.remarks,
      selecteddatetime: this.callback ? jodoTimeOfInput(this.session?.requests, this.callback) : '',
      contactvalue: this.contactValue.trim(),
      media: this.mediaValue,
      ...(systemcallid ? { systemcallid } : {}),
    };
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.save.status === TaskStatus.PENDING) return;
    this.submitted = true;
    this.refused = [];
    const local = this.localErrors();
    if (local.length) {
      this.focusField(local[0]!.field);
      return;
    }
    const request = this.request();
    if (!this.dispatchEvent(new JodoDispositionSubmitEvent({ request }))) return;
    await this.save.run([request]);
    if (this.save.status === TaskStatus.COMPLETE) {
      const queued = this.save.value?.status === 'queued';
      if (this.replacing) void this.session?.outbox.discard(this.replacing);
      this.replacing = undefined;
      this.reset();
      if (queued) {
        this.savedMessage = msg('Jodo did not answer: the wrap-up is kept on this computer and will be sent automatically.');
      } else {
        this.dispatchEvent(new JodoDispositionSavedEvent({ request }));
        this.savedMessage = msg('Wrap-up saved. You are Ready for the next call.');
        void this.session?.status.refresh();
      }
      this.announcement = this.savedMessage;
      await this.close();
    } else if (this.save.status === TaskStatus.ERROR) {
      this.refused = dispositionErrors(this.save.error);
      await this.updateComplete;
      this.focusField(this.refused[0]?.field ?? 'form');
    }
  }

  /** A wrap-up that waited in the outbox reached Jodo (or was refused) while the agent went on. */
  private queuedSettled({ detail: { entry, outcome } }: OutboxSettledEvent): void {
    if (entry.method !== 'saveDisposition') return;
    if (outcome === 'saved') {
      this.dispatchEvent(new JodoDispositionSavedEvent({ request: entry.params as DispositionRequest }));
      this.savedMessage = msg('A queued wrap-up reached Jodo and is saved.');
      void this.session?.status.refresh();
    } else {
      this.savedMessage = msg('Jodo refused a queued wrap-up: fix it from the outbox.');
    }
    this.announcement = this.savedMessage;
  }

  /** The agent chose to fix a refused wrap-up: it fills the form, with Jodo's reasons on their fields. */
  private async loadRefused({ detail: { entry } }: OutboxEditEvent): Promise<void> {
    if (entry.method !== 'saveDisposition' || !entry.failure) return;
    const request = entry.params as DispositionRequest;
    this.reset();
    this.replacing = entry.id;
    this.replacingCall = {
      ...(request.systemcallid !== undefined ? { systemcallid: request.systemcallid } : {}),
      ...(request.servicekey !== undefined ? { servicekey: request.servicekey } : {}),
    };
    this.outcome = `${request.dispomasterid}:${request.disporeasonid}`;
    this.remarks = request.remarks ?? '';
    const callback = parseJodoDateTime(request.selecteddatetime?.trim());
    this.callback = callback ? formatJodoDateTime(fromJodoTime(this.session?.requests, callback)).replace(' ', 'T') : '';
    this.contact = request.contactvalue;
    this.chosenMedia = request.media === undefined ? undefined : String(request.media);
    this.refused = dispositionErrors(errorOf('saveDisposition', entry.failure));
    await this.show();
  }

  private reset(): void {
    this.replacing = undefined;
    this.replacingCall = {};
    this.outcome = '';
    this.remarks = '';
    this.callback = '';
    this.contact = undefined;
    this.chosenMedia = undefined;
    this.touched = new Set();
    this.submitted = false;
    this.refused = [];
  }

  private focusField(field: DispositionField): void {
    const target = this.renderRoot.querySelector<HTMLElement>(field === 'form' ? '.form-error' : `#${field}`);
    target?.focus();
  }

  private readonly onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && this.open) {
      event.stopPropagation();
      void this.close();
    }
  };

  /** Closes the form and gives focus back to the opener, so the keyboard never lands on the page's body. */
  private async close(): Promise<void> {
    this.open = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part=opener]')?.focus();
  }

  private readonly toggle = () => void (this.open ? this.close() : this.show());

  /** Opens the wrap-up form and puts the focus on its first field (the toolbar's shortcut does this). */
  async show(): Promise<void> {
    this.open = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#outcome')?.focus();
  }

  /**
   * Saves the open form as its Save button would (checks included); false
   * when no form is open.
   */
  requestSave(): boolean {
    const form = this.open ? this.renderRoot.querySelector('form') : null;
    if (!form) return false;
    form.requestSubmit();
    return true;
  }

  private renderError(field: DispositionField) {
    const message = this.errorFor(field);
    return message ? html`<p class="error" id=${`${field}-error`}>${message}</p>` : nothing;
  }

  private invalid(field: DispositionField): 'true' | 'false' {
    return this.errorFor(field) ? 'true' : 'false';
  }

  private describedBy(field: DispositionField, hint?: string): string {
    return [hint, this.errorFor(field) ? `${field}-error` : ''].filter(Boolean).join(' ');
  }

  private renderOutcomes(masters: DispositionMaster[]) {
    return html`<option value="">${msg('Choose an outcome…')}</option>
      ${masters.map(
        (master) => html`<optgroup label=${master.name}>
          ${master.reasons.map((reason) => html`<option value=${`${master.id}:${reason.id}`} ?selected=${this.outcome === `${master.id}:${reason.id}`}>${reason.name}</option>`)}
        </optgroup>`,
      )}`;
  }

  override render() {
    // One live region that stays in place whether the form is open or not, so what it says is read out.
    const live = html`<p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>`;
    if (!this.session) return this.providerPending ? nothing : html`<p role="status">${msg(str`Wrap-up is not connected: place this element inside ${PROVIDER_TAG}.`)}</p>`;
    if (!this.session.client) return html`<p role="status">${msg(str`Wrap-up has no Jodo endpoint: set the endpoint attribute of ${PROVIDER_TAG}.`)}</p>`;
    // The opener stays while the form is open (pressed, it closes it): where the form is laid over the page
    // (a docked toolbar), the element keeps its place in the bar and nothing beside it moves.
    const opener = html`<button part="opener" type="button" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="form-card" @click=${this.toggle}>${msg('Wrap-up', { desc: 'Button that opens the wrap-up (disposition) form' })}</button>`;
    if (!this.open) return html`${live}${opener}${this.savedMessage ? html`<span class="saved">${this.savedMessage}</span>` : nothing}`;
    const masters = isMasterList(this.dispositions) ? this.dispositions : undefined;
    const saving = this.save.status === TaskStatus.PENDING;
    const formError = this.refused.find((e) => e.field === 'form');
    const now = new Date();
    const elapsed = this.inWrapup ? secondsInState(this.status.snapshot) : undefined;
    const stale = isStale(this.status.snapshot);
    const duration = elapsed === undefined ? '' : describeDuration(elapsed);
    const windowDays = formatNumber(this.windowDays);
    return html`${live}${opener}<section part="base" id="form-card" aria-labelledby="title" @keydown=${this.onKeydown}>
      <header>
        <h2 id="title">${msg('Wrap-up', { desc: 'Button that opens the wrap-up (disposition) form' })}</h2>
        ${elapsed === undefined
          ? nothing
          : html`<span class=${stale ? 'elapsed is-stale' : 'elapsed'} title=${stale ? msg('No fresh answer from Jodo: this time may be out of date') : ''}
              ><span aria-hidden="true">${formatDuration(elapsed)}</span><span class="visually-hidden">${msg(str`in wrap-up for ${duration}`)}</span
              >${stale ? html` <span class="stale">${msg('(not updating)')}</span>` : nothing}</span>`}
        <button type="button" aria-label=${msg('Close wrap-up')} @click=${this.close}>${msg('Close')}</button>
      </header>
      ${masters
        ? nothing
        : html`<p class="form-error" role="alert">${msg(html`The outcomes are not set: give this element a <code>dispositions</code> list (JSON), as the process defines them in Jodo.`)}</p>`}
      <form novalidate @submit=${this.submit} aria-busy=${saving ? 'true' : 'false'}>
        ${formError ? html`<p class="form-error" role="alert" tabindex="-1">${formError.message}</p>` : nothing}
        <div class="field wide">
          <label for="outcome">${msg('Outcome')}</label>
          <select id="outcome" required aria-invalid=${this.invalid('outcome')} aria-describedby=${this.describedBy('outcome')}
            @change=${(e: Event) => this.edit('outcome', () => (this.outcome = (e.target as HTMLSelectElement).value))}>
            ${this.renderOutcomes(masters ?? [])}
          </select>
          ${this.renderError('outcome')}
        </div>
        <div class="field wide">
          <label for="remarks">${msg('Remarks')}</label>
          <textarea id="remarks" maxlength=${MAX_REMARKS} .value=${this.remarks} aria-invalid=${this.invalid('remarks')} aria-describedby=${this.describedBy('remarks')}
            @input=${(e: Event) => this.edit('remarks', () => (this.remarks = (e.target as HTMLTextAreaElement).value))}></textarea>
          ${this.renderError('remarks')}
        </div>
        <div class="field">
          <label for="callback">${msg('Call back at')}</label>
          <input id="callback" type="datetime-local" .value=${this.callback} min=${toLocalInput(now)} max=${toLocalInput(new Date(now.getTime() + this.windowDays * DAY_MS))}
            aria-invalid=${this.invalid('callback')} aria-describedby=${this.describedBy('callback', 'callback-hint')}
            @input=${(e: Event) => this.edit('callback', () => (this.callback = (e.target as HTMLInputElement).value))} />
          <p class="hint" id="callback-hint">${msg(str`Optional. Up to ${windowDays} days ahead.`)}</p>
          ${this.renderError('callback')}
        </div>
        <div class="field">
          <label for="contact">${msg('Contact')}</label>
          <input id="contact" autocomplete="off" inputmode="tel" .value=${this.contactValue} aria-invalid=${this.invalid('contact')} aria-describedby=${this.describedBy('contact')}
            @input=${(e: Event) => this.edit('contact', () => (this.contact = (e.target as HTMLInputElement).value))} />
          ${this.renderError('contact')}
        </div>
        <div class="field">
          <label for="media">${msg('Media')}</label>
          <select id="media" aria-invalid=${this.invalid('media')} aria-describedby=${this.describedBy('media')}
            @change=${(e: Event) => this.edit('media', () => (this.chosenMedia = (e.target as HTMLSelectElement).value))}>
            ${Object.values(MEDIA).map((name) => html`<option ?selected=${name === this.mediaValue}>${name}</option>`)}
          </select>
          ${this.renderError('media')}
        </div>
        <div class="actions">
          <button part="submit" class="primary" type="submit" ?disabled=${saving || !masters}>${saving ? msg('Saving…') : msg('Save wrap-up')}</button>
          <span role="status" aria-live="polite">${saving ? msg('Saving the wrap-up…') : ''}</span>
        </div>
      </form>
    </section>`;
  }
}
