import { consume } from '@lit/context';
import { msg, str } from '@lit/localize';
import { Task, TaskStatus, initialState } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { validateRequest, type JodoApi, type Params } from '../../api/client.js';
import { mediaId, VOICE_IN, type UpdateParam } from '../../api/codes.js';
import { CUSTOMER_NOT_FOUND } from '../../api/status-codes.js';
import { JodoApiError, JodoHttpError, JodoMalformedResponseError, JodoNetworkError, JodoTimeoutError, JodoValidationError, type ValidationIssue, isAbortError } from '../../api/errors.js';
import type { CustomerRecord } from '../../api/response.js';
import { jodoSessionContext, type JodoSession } from '../../context/session.js';
import { OutboxController } from '../../controllers/outbox-controller.js';
import { JodoCustomerSavedEvent } from '../../events/jodo-customer-saved.js';
import type { Outbox, OutboxSettledEvent } from '../../outbox/outbox.js';
import { formatNumber } from '../../format/number.js';
import { fieldProblem } from '../../messages/field-problem.js';
import { theme } from '../../styles/theme.js';
import { JodoElement } from '../jodo-element.js';
import { callGuideStyles } from './call-guide.styles.js';
import { checkTemplate, fieldsFor, fillScript, labelFromKey, parseTemplate, type CallGuideField } from './template.js';
import { PROVIDER_TAG, CALL_GUIDE_TAG } from '../../messages/element-names.js';

/** Which of the call's keys the customer is looked up by, first present wins. */
const SEARCH_ORDER: readonly UpdateParam[] = ['customercode', 'crmuniquefield', 'mobilenumber'];
/** Where a record field's problem is reported in an ImportProcessData request. */
const RECORD_FIELD = 'data.0.';

/** The customer the guide is showing: found, or to be created. */
interface Lookup {
  found: boolean;
  /** The field the customer was looked up by, and is saved (upserted) by. */
  field: UpdateParam;
  value: string;
  /** The stored record; for a customer to create, only the search field. */
  record: CustomerRecord;
  /** How many stored records matched (the first is shown). */
  matches: number;
}

/** One save, as sent. */
interface Save {
  request: Params<'ImportProcessData'>;
  record: CustomerRecord;
  created: boolean;
  field: UpdateParam;
  value: string;
  /** Jodo did not answer yet: the save waits in the outbox and is sent when it can be. */
  queued?: boolean;
}

interface Failure {
  message: string;
  hint: string;
}

/** A record's own value for a key (never one inherited from `Object.prototype`). */
const read = (record: Readonly<Record<string, string>>, key: string): string => (Object.hasOwn(record, key) ? (record[key] ?? '') : '');


/** "mobile number 7507959484": the field a customer is looked up by, and its value. */
function searchedBy(field: UpdateParam, value: string): string {
  return `${labelFromKey(field).toLocaleLowerCase()} ${value}`;
}

/** What went wrong and what the agent (or the page's developer) can do about it. */
function describeFailure(error: unknown, action: 'load' | 'save'): Failure {
  const later = msg('Try again in a moment; if it keeps failing, tell your administrator.');
  if (error instanceof JodoNetworkError) return { message: msg("Can't reach Jodo."), hint: msg('Check the network connection, then try again.') };
  if (error instanceof JodoTimeoutError) {
    return {
      message: msg("Jodo didn't answer in time."),
      hint: action === 'save' ? msg('The changes may have been saved anyway; saving again is safe.') : later,
    };
  }
  if (error instanceof JodoHttpError) {
    const status = error.httpStatus;
    return { message: msg(str`Jodo is not available right now (HTTP ${status}).`), hint: later };
  }
  if (error instanceof JodoMalformedResponseError) return { message: msg("Jodo sent an answer the toolbar can't read."), hint: later };
  if (error instanceof JodoApiError) {
    // Jodo's own words (statusdesc) are shown as Jodo sent them.
    const said = error.statusdesc || error.description;
    const code = error.code;
    if ([1107, 1108, 1243].includes(code)) {
      return { message: msg(str`Jodo refused the process key: ${said} (code ${code}).`), hint: msg(str`Check the servicekey and apikey of ${PROVIDER_TAG}.`) };
    }
    if ([17, 18, 19].includes(code)) {
      return { message: msg(str`Jodo refused the media: ${said} (code ${code}).`), hint: msg(str`Check the media attribute of ${CALL_GUIDE_TAG}.`) };
    }
    return { message: msg(str`Jodo refused the request: ${said} (code ${code}).`), hint: later };
  }
  if (error instanceof JodoValidationError) {
    if (error.issues.some((i) => i.field === 'login')) {
      return { message: msg('No agent is signed in to the toolbar.'), hint: msg(str`Sign in to Jodo (or set the login of ${PROVIDER_TAG}), then save again.`) };
    }
    const issues = error.issues.map((i) => `${i.field} ${i.message}`).join('; ');
    return action === 'load'
      ? { message: msg(str`The customer can't be looked up: ${issues}.`), hint: msg(str`Check the call's number or code, and the servicekey of ${PROVIDER_TAG}.`) }
      : { message: msg(str`The customer can't be saved: ${issues}.`), hint: msg(str`Check the media attribute of ${CALL_GUIDE_TAG} and the servicekey of ${PROVIDER_TAG}.`) };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { message: msg(str`Something went wrong: ${detail}.`), hint: msg('Try again.') };
}

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
  static override styles = [theme, callGuideStyles];

  @consume({ context: jodoSessionContext, subscribe: true })
  @state()
  private session?: JodoSession;

  private readonly lookupTask = new Task(this, {
    args: () => [this.session?.client, this.session?.servicekey ?? '', this.search?.field, this.search?.value] as const,
    task: async ([client, servicekey, field, value], { signal }) => {
      if (!client || !field || !value) return initialState;
      return this.find(client, servicekey, field, value, signal);
    },
    onComplete: (lookup) => this.adopt(lookup),
  });

  // Saved through the outbox: stored first, so no network trouble loses the agent's changes.
  private readonly saveTask = new Task(this, {
    autoRun: false,
    task: async ([outbox, save]: readonly [Outbox, Save]): Promise<Save> => {
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
    if (changed.has('template') || changed.has('templateJson')) this.readTemplate();
  }

  /** The field and value to look the customer up by, if there is a call. */
  private get search(): { field: UpdateParam; value: string } | undefined {
    const own: Record<UpdateParam, string> = { customercode: this.customercode, crmuniquefield: this.crmuniquefield, mobilenumber: this.mobilenumber };
    const source = SEARCH_ORDER.some((field) => own[field]?.trim()) ? own : (this.session?.call ?? {});
    for (const field of SEARCH_ORDER) {
      const value = source[field]?.trim();
      if (value) return { field, value };
    }
    return undefined;
  }

  private get saving(): boolean {
    return this.saveTask.status === TaskStatus.PENDING;
  }

  private get fields(): CallGuideField[] {
    return this.lookup ? fieldsFor(this.activeTemplate, this.lookup.record, this.lookup.field) : [];
  }

  private readTemplate(): void {
    this.templateProblem = '';
    this.activeTemplate = undefined;
    if (this.template !== undefined && this.template !== null) {
      const checked = checkTemplate(this.template);
      if (checked.ok) this.activeTemplate = checked.template;
      else this.templateProblem = msg(str`The template property can't be used: ${checked.reason}.`);
    } else if (this.templateJson !== undefined && this.templateJson !== null) {
      const parsed = parseTemplate(this.templateJson);
      if (parsed.ok) this.activeTemplate = parsed.template;
      else if (parsed.invalidJson) this.templateProblem = msg(str`The template attribute is not valid JSON (${parsed.reason}).`);
      else this.templateProblem = msg(str`The template attribute can't be used: ${parsed.reason}.`);
    }
  }

  private async find(client: JodoApi, servicekey: string, field: UpdateParam, value: string, signal: AbortSignal): Promise<Lookup> {
    const key = servicekey ? { servicekey } : {};
    const params: Params<'getProcessData'> =
      field === 'mobilenumber'
        ? { ...key, searchparam: field, mobilenumber: value }
        : field === 'customercode'
          ? { ...key, searchparam: field, customercode: value }
          : { ...key, searchparam: field, crmuniquefield: value };
    try {
      const { data } = await client.getProcessData(params, { signal });
      const [record] = data.records;
      if (record) return { found: true, field, value, record, matches: data.records.length };
    } catch (error) {
      if (!(error instanceof JodoApiError && error.code === CUSTOMER_NOT_FOUND)) throw error; // the guide offers to create the customer
    }
    return { found: false, field, value, record: Object.fromEntries([[field, value]]), matches: 0 };
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

  /** The record to send: the search field, and every field the agent filled (new customer) or changed. */
  private recordToSave(lookup: Lookup): CustomerRecord {
    const entries: [string, string][] = [];
    for (const field of this.fields) {
      if (!field.editable || field.key === lookup.field) continue;
      const value = read(this.values, field.key).trim();
      if (lookup.found ? value !== read(this.initial, field.key).trim() : value !== '') entries.push([field.key, value]);
    }
    entries.push([lookup.field, lookup.value]);
    return Object.fromEntries(entries);
  }

  private requestFor(lookup: Lookup, record: CustomerRecord): Params<'ImportProcessData'> {
    const servicekey = this.session?.servicekey;
    return {
      ...(servicekey ? { servicekey } : {}),
      media: mediaId(this.media) ?? this.media,
      updateparam: lookup.field,
      data: [record],
    };
  }

  /** Problems of the record as it would be sent now, per field key: the client's own rules (the schema), checked on every input. */
  private fieldProblems(): Map<string, string> {
    const problems = new Map<string, string>();
    if (!this.lookup) return problems;
    const record = this.recordToSave(this.lookup);
    for (const issue of validateRequest('ImportProcessData', { ...this.requestFor(this.lookup, record), servicekey: 'checked-on-save' })) {
      if (!issue.field.startsWith(RECORD_FIELD)) continue;
      const key = issue.field.slice(RECORD_FIELD.length);
      if (!problems.has(key)) problems.set(key, issue.message);
    }
    return problems;
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
    const record = this.recordToSave(lookup);
    if (lookup.found && Object.keys(record).length === 1) {
      this.notice = msg('No changes to save.');
      return;
    }
    const save: Save = { request: this.requestFor(lookup, record), record, created: !lookup.found, field: lookup.field, value: lookup.value };
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
      const keys = new Set(this.fields.filter((f) => f.editable).map((f) => f.key));
      const onFields = new Map<string, string>();
      const elsewhere: ValidationIssue[] = [];
      for (const issue of error.issues) {
        const key = issue.field.startsWith(RECORD_FIELD) ? issue.field.slice(RECORD_FIELD.length) : undefined;
        if (key !== undefined && keys.has(key)) {
          if (!onFields.has(key)) onFields.set(key, issue.message);
        } else elsewhere.push(issue);
      }
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

  private renderScript() {
    if (!this.script.trim()) return nothing;
    const parts = fillScript(this.script, this.values);
    return html`<div part="script" class="script" role="note" aria-label=${msg('Call script')}>${parts.map((part) =>
      part.kind === 'text'
        ? part.text
        : part.kind === 'value'
          ? html`<strong part="script-value">${part.text}</strong>`
          : html`<span part="script-missing" class="missing" title=${msg(str`No value for ${part.key}`)}>${part.text}</span>`,
    )}</div>`;
  }

  private renderField(field: CallGuideField, index: number, problems: Map<string, string>) {
    const id = `field-${index}`;
    const errorId = `${id}-error`;
    const editable = field.editable === true;
    const error = editable ? this.errorFor(field, problems) : undefined;
    const value = read(this.values, field.key);
    const onInput = (event: Event) => this.edit(field.key, (event.target as HTMLInputElement | HTMLTextAreaElement).value);
    const onBlur = () => this.leave(field.key);
    const control =
      field.type === 'textarea'
        ? html`<textarea id=${id} name=${field.key} rows="3" .value=${live(value)} ?readonly=${!editable}
            aria-invalid=${error ? 'true' : nothing} aria-describedby=${error ? errorId : nothing}
            @input=${onInput} @blur=${onBlur}></textarea>`
        : html`<input id=${id} name=${field.key} type=${field.type ?? 'text'} .value=${live(value)} ?readonly=${!editable}
            autocomplete="off" inputmode=${field.type === 'tel' ? 'tel' : nothing}
            aria-invalid=${error ? 'true' : nothing} aria-describedby=${error ? errorId : nothing}
            @input=${onInput} @blur=${onBlur} />`;
    return html`<div part="field" class=${`field${field.type === 'textarea' ? ' wide' : ''}${editable ? '' : ' is-readonly'}`}>
      <label for=${id}>${field.label}${editable ? nothing : html`<span class="visually-hidden"> ${msg('(read-only)')}</span>`}</label>
      ${control}
      ${error ? html`<p id=${errorId} part="field-error" class="field-error">${error}</p>` : nothing}
    </div>`;
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
      ${this.renderScript()}
      <form part="form" novalidate aria-labelledby="heading" aria-busy=${saving ? 'true' : 'false'} @submit=${this.handleSubmit}>
        <div class="fields">${this.fields.map((field, i) => this.renderField(field, i, problems))}</div>
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
    if (!this.session) return this.renderMessage(msg('Call guide: not connected'), msg(str`Place this element inside ${PROVIDER_TAG}.`));
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
