import { consume } from '@lit/context';
import { msg, str } from '@lit/localize';
import { Task, TaskStatus, initialState } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Params } from '../../api/client.js';
import { VOICE_IN } from '../../api/codes.js';
import { JodoValidationError, isAbortError } from '../../api/errors.js';
import type { CustomerRecord } from '../../api/response.js';
import { jodoSessionContext, type JodoSession } from '../../context/session.js';
import { OutboxController } from '../../controllers/outbox-controller.js';
import { JodoCustomerSavedEvent } from '../../events/jodo-customer-saved.js';
import type { OutboxApi } from '../../outbox/lazy-outbox.js';
import type { OutboxSettledEvent } from '../../outbox/outbox-events.js';
import { formatNumber } from '../../format/number.js';
import { fieldProblem } from '../../messages/field-problem.js';
import { panel } from '../../styles/panel.js';
import { theme } from '../../styles/theme.js';
import { JodoElement } from '../jodo-element.js';
import { callGuideStyles } from './call-guide.styles.js';
import { issuesOnFields, read, recordProblems, recordToSave, saveRequest, type Save } from './customer-save.js';
import { findCustomer, searchFor, searchedBy, type Lookup, type Search } from './customer-lookup.js';
import { describeFailure, type Failure } from './failure.js';
import { renderScript } from './call-script.js';
import { renderField, type FieldEvents } from './field-control.js';
import { fieldsFor, readTemplate, type CallGuideField } from './template.js';
import { PROVIDER_TAG } from '../../messages/element-names.js';

/**
 * The screen-pop: when a call connects, finds the caller's customer record
 * (getProcessData by the call's customer code, else CRM key, else mobile
 * number), shows it through a form template beside a call script, and
 * saves the agent's edits (ImportProcessData, upserting on the same field).
 * A caller Jodo does not know gets an empty form to create the customer.
 *
 * The call comes from `<jodo-provider>`; the element's own `customercode`,
 * `crmuniquefield` or `mobilenumber`, when any is set, replace it.
 *
 * @tag jodo-call-guide
 * @summary The current caller's customer record, a call script, and a form to update or create the customer.
 *
 * @event jodo-customer-saved - The agent saved the customer; `detail` is `{ record, created }` (the fields sent, and whether the customer was new).
 *
 * @csspart base - The guide (or the message shown instead of it).
 * @csspart header - The customer's name and how it was found.
 * @csspart script - The filled call script.
 * @csspart script-value - A value filled into the script.
 * @csspart script-missing - A placeholder with no value, shown as `[field]`.
 * @csspart form - The form of the customer's fields.
 * @csspart field - One labelled field.
 * @csspart field-error - A field's problem.
 * @csspart save - The save (or create) button.
 * @csspart undo - The "Undo changes" button.
 * @csspart retry - The "Try again" button of a failed lookup.
 *
 * @cssprop [--jodo-call-guide-field-width=14rem] - The narrowest a form column gets before fields stack.
 */
export class JodoCallGuide extends JodoElement {
  static override styles = [theme, panel, callGuideStyles];

  @consume({ context: jodoSessionContext, subscribe: true })
  @state()
  private session?: JodoSession;

  private readonly lookupTask = new Task(this, {
    args: () => [this.session?.client, this.session?.servicekey ?? '', this.search?.field, this.search?.value] as const,
    task: async ([client, servicekey, field, value], { signal }) => {
      if (!client || !field || !value) return initialState;
      return findCustomer(client, servicekey, field, value, signal);
    },
    onComplete: (lookup) => this.adopt(lookup),
  });

  // Saved through the outbox: stored first, so no network trouble loses the agent's changes.
  private readonly saveTask = new Task(this, {
    autoRun: false,
    task: async ([outbox, save]: readonly [OutboxApi, Save]): Promise<Save> => {
      const outcome = await outbox.send('ImportProcessData', save.request, save.created ? { tag: 'create' } : {});
      if (outcome.status === 'failed') throw outcome.error;
      return { ...save, queued: outcome.status === 'queued' };
    },
    onComplete: (save) => this.saved(save),
    onError: (error) => this.saveFailed(error),
  });

  /** A lookup cut short by removal, to run again when the element comes back. */
  private interrupted = false;

  constructor() {
    super();
    new OutboxController(this, () => this.session?.outbox, { settled: (event) => this.queuedSettled(event) });
  }
  /** The values the form started from (the stored record), to tell what the agent changed. */
  private initial: CustomerRecord = {};

  @state() private lookup?: Lookup;
  /** The form's current values, edited or not. */
  @state() private values: CustomerRecord = {};
  /** Fields the agent has left at least once. */
  @state() private touched: ReadonlySet<string> = new Set();
  @state() private submitted = false;
  /** Problems a refused save named, per field, until the agent edits that field. */
  @state() private saveIssues: Readonly<Record<string, string>> = {};
  @state() private saveFailure?: Failure;
  @state() private notice = '';
  @state() private activeTemplate?: CallGuideField[];
  @state() private templateProblem = '';

  /** Looks the customer up by this customer code instead of the provider's call. */
  @property() customercode = '';

  /** Looks the customer up by this CRM key instead of the provider's call. */
  @property() crmuniquefield = '';

  /** Looks the customer up by this mobile number instead of the provider's call. */
  @property() mobilenumber = '';

  /** The form's fields; the default template (name, mobile number, e-mail, codes, then the record's other fields read-only) when unset. */
  @property({ attribute: false }) template?: CallGuideField[];

  /** The form's fields as a JSON array of `{ key, label, type, editable }`; the `template` property wins. */
  @property({ attribute: 'template' }) templateJson?: string;

  /** The call script; `{{field}}` placeholders are filled, as text, from the form's current values. */
  @property() script = '';

  /** The media saved records are filed under, as an id or a name (default 11, Voice In). */
  /** Voice In by default: what a record pushed from an inbound call is filed under. */
  @property() media: string | number = String(VOICE_IN);

  /** The customer record shown, as stored (not the agent's unsaved edits); undefined until one is found. */
  get record(): CustomerRecord | undefined {
    return this.lookup?.found ? { ...this.lookup.record } : undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.interrupted) {
      this.interrupted = false;
      void this.lookupTask.run();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Nothing is left running: a lookup or a save in flight is abandoned (and a lookup redone on return).
    if (this.lookupTask.status === TaskStatus.PENDING) {
      this.interrupted = true;
      this.lookupTask.abort();
    }
    this.saveTask.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('template') || changed.has('templateJson')) {
      const { template, problem } = readTemplate(this.template, this.templateJson);
      this.activeTemplate = template;
      this.templateProblem = problem;
    }
  }

  /** The field and value to look the customer up by, if there is a call. */
  private get search(): Search | undefined {
    return searchFor({ customercode: this.customercode, crmuniquefield: this.crmuniquefield, mobilenumber: this.mobilenumber }, this.session?.call);
  }

  private get saving(): boolean {
    return this.saveTask.status === TaskStatus.PENDING;
  }

  private get fields(): CallGuideField[] {
    return this.lookup ? fieldsFor(this.activeTemplate, this.lookup.record, this.lookup.field) : [];
  }

  /** A new customer (or none found): the form starts again from the stored record. */
  private adopt(lookup: Lookup): void {
    this.lookup = lookup;
    this.initial = { ...lookup.record };
    this.startOver();
  }

  /** The form as stored: no edits, nothing touched, no message. */
  private startOver(): void {
    this.values = { ...this.initial };
    this.touched = new Set();
    this.submitted = false;
    this.saveIssues = {};
    this.saveFailure = undefined;
    this.notice = '';
  }

  private isDirty(key: string): boolean {
    return read(this.values, key) !== read(this.initial, key);
  }

  /** The save the form would send now: the search field, and every field the agent filled (new customer) or changed. */
  private saveFor(lookup: Lookup): Save {
    const record = recordToSave(this.fields, lookup, this.values, this.initial);
    return { request: saveRequest(this.session?.servicekey, this.media, lookup, record), record, created: !lookup.found, field: lookup.field, value: lookup.value };
  }

  /** Problems of the record as it would be sent now, per field key: the client's own rules (the schema), checked on every input. */
  private fieldProblems(): Map<string, string> {
    return this.lookup ? recordProblems(this.saveFor(this.lookup).request) : new Map<string, string>();
  }

  /** The message shown on a field: after it was touched and changed, or after a submit; or what a refused save said about it. */
  private errorFor(field: CallGuideField, problems: Map<string, string>): string | undefined {
    const shown = this.submitted || (this.touched.has(field.key) && this.isDirty(field.key));
    const problem = (shown ? problems.get(field.key) : undefined) ?? (Object.hasOwn(this.saveIssues, field.key) ? this.saveIssues[field.key] : undefined);
    return problem ? fieldProblem(field.label, problem) : undefined;
  }

  private edit(key: string, value: string): void {
    this.values = { ...this.values, [key]: value };
    if (Object.hasOwn(this.saveIssues, key)) this.saveIssues = Object.fromEntries(Object.entries(this.saveIssues).filter(([k]) => k !== key));
    this.notice = '';
  }

  private leave(key: string): void {
    if (!this.touched.has(key)) this.touched = new Set([...this.touched, key]);
  }

  private readonly fieldEvents: FieldEvents = { edit: (key, value) => this.edit(key, value), leave: (key) => this.leave(key) };

  private readonly handleSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const lookup = this.lookup;
    const outbox = this.session?.outbox;
    if (!lookup || !this.session?.client || !outbox || this.saving) return;
    this.submitted = true;
    this.saveFailure = undefined;
    this.notice = '';
    if (this.fieldProblems().size) {
      this.focusFirstError();
      return;
    }
    const save = this.saveFor(lookup);
    if (lookup.found && Object.keys(save.record).length === 1) {
      this.notice = msg('No changes to save.');
      return;
    }
    void this.saveTask.run([outbox, save]);
  };

  private saved(save: Save): void {
    const lookup = this.lookup;
    if (lookup && lookup.field === save.field && lookup.value === save.value) {
      const record = lookup.found ? { ...lookup.record, ...save.record } : { ...save.record };
      this.lookup = { ...lookup, found: true, record, matches: Math.max(1, lookup.matches) };
      this.initial = { ...record };
      // What was sent is now stored; what the agent typed meanwhile stays, still unsaved.
      const stored = Object.entries(save.record).filter(([key, value]) => read(this.values, key).trim() === value);
      this.values = { ...this.values, ...Object.fromEntries(stored) };
      this.touched = new Set();
      this.submitted = false;
      this.saveIssues = {};
      this.notice = save.queued
        ? msg('Jodo did not answer: the changes are kept on this computer and will be sent automatically.')
        : save.created
          ? msg('Customer created.')
          : msg('Saved.');
    }
    if (!save.queued) this.dispatchEvent(new JodoCustomerSavedEvent({ record: { ...save.record }, created: save.created }));
  }

  /** Changes that waited in the outbox reached Jodo while the agent went on. */
  private queuedSettled({ detail: { entry, outcome } }: OutboxSettledEvent): void {
    if (entry.method !== 'ImportProcessData' || outcome !== 'saved') return;
    const [record] = (entry.params as Params<'ImportProcessData'>).data;
    if (record) this.dispatchEvent(new JodoCustomerSavedEvent({ record: { ...record } as CustomerRecord, created: entry.tag === 'create' }));
  }

  private saveFailed(error: unknown): void {
    if (isAbortError(error)) return;
    if (error instanceof JodoValidationError) {
      const { onFields, elsewhere } = issuesOnFields(error.issues, new Set(this.fields.filter((f) => f.editable).map((f) => f.key)));
      this.saveIssues = Object.fromEntries(onFields);
      this.saveFailure = elsewhere.length ? describeFailure(new JodoValidationError(error.method, elsewhere), 'save') : undefined;
      this.focusFirstError();
      return;
    }
    this.saveFailure = describeFailure(error, 'save');
  }

  private async focusFirstError(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private readonly handleUndo = () => this.startOver();

  private readonly handleRetry = () => {
    void this.lookupTask.run();
  };

  private renderMessage(text: string, hint?: string, busy = false) {
    return html`<div part="base" class="message" role="status" aria-busy=${busy ? 'true' : nothing}>
      <p class="title">${text}</p>
      ${hint ? html`<p class="hint">${hint}</p>` : nothing}
    </div>`;
  }

  private renderLoadError(error: unknown) {
    // A lookup abandoned on removal is redone on return; until then it is still "loading".
    if (isAbortError(error)) return this.renderLoading();
    const { message, hint } = describeFailure(error, 'load');
    return html`<div part="base" class="message is-error" role="alert">
      <p class="title">${msg("Couldn't look up the customer.")} ${message}</p>
      <p class="hint">${hint}</p>
      ${error instanceof JodoValidationError ? nothing : html`<button type="button" part="retry" @click=${this.handleRetry}>${msg('Try again')}</button>`}
    </div>`;
  }

  private renderLoading() {
    const search = this.search;
    return this.renderMessage(search ? msg(str`Looking up the customer by ${searchedBy(search.field, search.value)}…`) : msg('Looking up the customer…'), undefined, true);
  }

  private renderGuide(lookup: Lookup) {
    const saving = this.saving;
    const problems = this.fieldProblems();
    const dirty = Object.keys({ ...this.values, ...this.initial }).some((key) => this.isDirty(key));
    const name = read(lookup.record, 'name').trim() || [read(lookup.record, 'fname'), read(lookup.record, 'lname')].join(' ').trim();
    const searched = searchedBy(lookup.field, lookup.value);
    const { value, matches } = lookup;
    const count = formatNumber(matches);
    const failure = this.saveFailure;
    return html`<section part="base" class="guide" aria-labelledby="heading">
      <header part="header">
        <h2 id="heading" class="heading">${lookup.found ? name || msg(str`Customer ${value}`) : msg(str`No customer found for ${value}`)}</h2>
        <p class="meta">
          ${lookup.found
            ? matches > 1
              ? msg(str`Found by ${searched} (${count} records match; showing the first)`)
              : msg(str`Found by ${searched}`)
            : msg('Fill in what you know and create the customer.')}
        </p>
      </header>
      ${renderScript(this.script, this.values)}
      <form part="form" novalidate aria-labelledby="heading" aria-busy=${saving ? 'true' : 'false'} @submit=${this.handleSubmit}>
        <div class="fields">
          ${this.fields.map((field, i) =>
            renderField(field, i, read(this.values, field.key), field.editable ? this.errorFor(field, problems) : undefined, this.fieldEvents),
          )}
        </div>
        ${failure
          ? html`<div class="form-error" role="alert"><p class="title">${lookup.found ? msg("Couldn't save the changes.") : msg("Couldn't create the customer.")} ${failure.message}</p><p class="hint">${failure.hint} ${msg('Nothing you typed is lost.')}</p></div>`
          : nothing}
        <div class="actions">
          <button type="submit" part="save" class="primary" ?disabled=${saving}>${lookup.found ? msg('Save changes') : msg('Create customer')}</button>
          <button type="button" part="undo" ?disabled=${saving || !dirty} @click=${this.handleUndo}>${msg('Undo changes')}</button>
          <span class="notice" role="status">${saving ? msg('Saving…') : this.notice}</span>
        </div>
      </form>
    </section>`;
  }

  override render() {
    if (!this.session) return this.providerPending ? nothing : this.renderMessage(msg('Call guide: not connected'), msg(str`Place this element inside ${PROVIDER_TAG}.`));
    if (!this.session.client) return this.renderMessage(msg('Call guide: no endpoint'), msg(str`Set the endpoint attribute of ${PROVIDER_TAG}.`));
    if (this.templateProblem) {
      return html`<div part="base" class="message is-error" role="alert">
        <p class="title">${this.templateProblem}</p>
        <p class="hint">${msg('Give a JSON array such as [{"key":"name","label":"Name","editable":true}].')}</p>
      </div>`;
    }
    if (!this.search) return this.renderMessage(msg('No call yet: the customer appears here when a call connects.'));
    return this.lookupTask.render({
      initial: () => this.renderLoading(),
      pending: () => this.renderLoading(),
      complete: () => (this.lookup ? this.renderGuide(this.lookup) : this.renderLoading()),
      error: (error) => this.renderLoadError(error),
    });
  }
}
