import { consume } from '@lit/context';
import { msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';

import { MAX_RECORDS } from '../../api/limits.js';
import type { CustomerRecord } from '../../api/response.js';
import { jodoSessionContext, type JodoSession } from '../../context/session.js';
import { OutboxController } from '../../controllers/outbox-controller.js';
import { JodoMessengerSentEvent } from '../../events/jodo-messenger.js';
import { toLocalInput } from '../../format/datetime-local.js';
import { formatNumber } from '../../format/number.js';
import { PROVIDER_TAG } from '../../messages/element-names.js';
import { failureMessage } from '../../messages/failure.js';
import type { OutboxSettledEvent } from '../../outbox/outbox.js';
import { errorOf } from '../../outbox/outbox-entry.js';
import { backoffDelay } from '../../requests/backoff.js';
import { jodoTimeOfInput } from '../../requests/request-log.js';
import { panel } from '../../styles/panel.js';
import { theme } from '../../styles/theme.js';
import { JodoElement } from '../jodo-element.js';
import { batchRequest, forgetCampaign, loadCampaign, mayResend, planCampaign, saveCampaign, type BatchState, type Campaign } from './campaign.js';
import { LIST_PROBLEM, STAGE_LABEL, refusal, rowProblem } from './words.js';
import { STAGES, readContacts, readCsv, type Contact, type ReadList } from './leads.js';
import { allSettled, liveLeads, readLeadRecords, stageCounts, stageOfLead } from './lead-progress.js';
import { renderLeadTable } from './lead-table.js';
import { messengerStyles } from './messenger.styles.js';

/** How often leads are read again: from 1 s, backing off to 8 s while nothing changes (or Jodo is away). */
const FOLLOW = { baseMs: 1000, maxMs: 8000 };

/**
 * Sends voice reminders through a Jodo messenger process (text to speech):
 * the customers come as CSV with a header row (pasted) or as `contacts`;
 * every row is checked, with its problems shown, before anything is sent;
 * then they are imported (ImportProcessData, Voice Out, upserted on the
 * number) in batches through the provider's outbox, and each is followed
 * (getProcessData) from waiting for its spoken message to called, with the
 * message playable in place.
 *
 * A send is kept in localStorage per signed-in login before any batch is
 * handed over, and each batch keeps its planned id as its Idempotency-Key:
 * a page reloaded mid-send resumes it, and the gateway applies a batch sent
 * again under its key once (see `campaign.ts`). Behind the gateway, only a
 * supervisor or an administrator given the process may send.
 *
 * @tag jodo-messenger
 * @summary Voice reminders to a list of customers, followed until called.
 *
 * @event jodo-messenger-sent - Jodo has every batch of a send. `detail`: `{ id, servicekey, leads }`.
 *
 * @csspart base - The frame.
 * @csspart input - The CSV text area.
 * @csspart list - The table of customers (their problems before sending, their stage after).
 * @csspart counts - The counts per stage.
 * @csspart send - The send button.
 * @csspart check-again - The "Check again" button, once every lead has settled.
 */
export class JodoMessenger extends JodoElement {
  static override styles = [theme, panel, messengerStyles];

  @consume({ context: jodoSessionContext, subscribe: true })
  @state()
  private session?: JodoSession;

  @state() private when: 'now' | 'at' = 'now';
  @state() private at = '';
  @state() private submitted = false;
  @state() private campaign?: Campaign;
  /** Each lead's record as Jodo last answered, by number. */
  @state() private records = new Map<string, CustomerRecord>();
  @state() private following = false;
  @state() private followProblem = '';
  @state() private notice = '';
  @state() private announcement = '';
  /** The number whose message is open in the player. */
  @state() private playing = '';

  /** The customers, for frameworks: records of `name`, `mobilenumber` and any field of the process's form. Wins over pasted CSV. */
  @property({ attribute: false }) contacts?: Contact[] | null;

  /** The customers as CSV with a header row: what the text area holds (a page may fill it in). */
  @property({ attribute: false }) csv = '';

  /** The messenger process (servicekey) to send to; the provider's by default. */
  @property() servicekey = '';

  /** Records per ImportProcessData request (1 to 10,000). */
  @property({ attribute: 'batch-size', type: Number }) batchSize = 100;

  /** When each lead's speech problem first showed (page clock, ms): it settles after the retry window. */
  private problemSince = new Map<string, number>();
  private followTimer: ReturnType<typeof setTimeout> | undefined;
  private followAbort: AbortController | undefined;
  private quiet = 0;
  private loadedFor = '';
  private readonly handing = new Set<string>();

  constructor() {
    super();
    new OutboxController(this, () => this.session?.outbox, { settled: (event) => this.batchSettled(event) });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.campaign && !this.settled) this.follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopFollowing();
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    // A send kept for the signed-in login is picked up again (a reload, another page of the CRM).
    const login = this.login;
    if (login && login !== this.loadedFor && this.session?.client) {
      this.loadedFor = login;
      this.stopFollowing();
      this.records = new Map();
      this.campaign = loadCampaign(login);
      if (this.campaign) void this.resume();
    }
  }

  private get login(): string {
    return this.session?.login.trim() ?? '';
  }

  private get processKey(): string {
    return this.servicekey.trim() || this.session?.servicekey || '';
  }

  private get size(): number {
    return Math.min(MAX_RECORDS, Math.max(1, Math.floor(this.batchSize) || 100));
  }

  /**
   * The scheduled time as Jodo writes it, by Jodo's clock (the agent picks it by this computer's);
   * undefined for now (Jodo calls as soon as the message is made).
   */
  private get callDateTime(): string | undefined {
    return this.when === 'at' && this.at ? jodoTimeOfInput(this.session?.requests, this.at) : undefined;
  }

  /** The list as it would be sent, each row with its problems. */
  private get list(): ReadList {
    const at = this.callDateTime;
    if (this.contacts?.length) return { rows: readContacts(this.contacts, undefined, at), problems: [] };
    return readCsv(this.csv, at);
  }

  /** Problems of the form itself: the time. */
  private get timeProblem(): string {
    if (this.when !== 'at') return '';
    if (!this.at) return msg('Choose the date and time, or send now.');
    return new Date(this.at).getTime() < Date.now() - 60_000 ? msg('Choose a time from now on.') : '';
  }

  private async send(): Promise<void> {
    this.submitted = true;
    this.notice = '';
    const { rows, problems } = this.list;
    const bad = rows.filter((row) => row.problems.length).length;
    if (problems.length || bad || this.timeProblem || !rows.length) {
      const count = formatNumber(bad);
      this.notice = bad ? msg(str`Nothing was sent. Rows with problems: ${count}. Fix them first.`) : msg('Nothing was sent: fix the problems first.');
      this.announcement = this.notice;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.notice')?.focus();
      return;
    }
    const login = this.login;
    if (!login || !this.session?.outbox) {
      this.notice = msg('No one is signed in to the toolbar: sign in, then send.');
      return;
    }
    // Kept before any batch is handed over: a reload from here on resumes this send.
    const campaign = planCampaign(this.processKey, rows.map((row) => row.record), this.size);
    saveCampaign(login, campaign);
    this.campaign = campaign;
    this.records = new Map();
    this.problemSince = new Map();
    this.announcement = msg('Sending the reminders to Jodo…');
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part=counts]')?.focus();
    await this.resume();
  }

  /** Hands over every batch Jodo has not confirmed, under its planned id, then follows the leads. */
  private async resume(): Promise<void> {
    const campaign = this.campaign;
    const outbox = this.session?.outbox;
    if (!campaign || !outbox) return;
    this.follow();
    if (!mayResend(campaign)) {
      // Past the gateway's memory of the keys: sent again, a batch could be applied twice. A person checks.
      for (const batch of campaign.batches) if (batch.state === 'planned') this.markBatch(batch.id, 'expired');
      return;
    }
    for (const batch of campaign.batches) {
      if (batch.state !== 'planned' || this.handing.has(batch.id)) continue;
      this.handing.add(batch.id);
      try {
        const outcome = await outbox.send('ImportProcessData', batchRequest(campaign, batch), { tag: 'messenger', id: batch.id });
        if (outcome.status === 'saved') this.markBatch(batch.id, 'sent');
        else if (outcome.status === 'failed') this.markBatch(batch.id, 'failed', refusal(outcome.error));
        // Queued: the outbox sends it when it can, and its answer comes back as a settled event.
      } finally {
        this.handing.delete(batch.id);
      }
      if (this.campaign?.id !== campaign.id) return;
    }
  }

  private batchSettled({ detail: { entry, outcome } }: OutboxSettledEvent): void {
    if (entry.tag !== 'messenger' || !this.campaign?.batches.some((batch) => batch.id === entry.id)) return;
    if (outcome === 'saved') this.markBatch(entry.id, 'sent');
    else this.markBatch(entry.id, 'failed', entry.failure ? refusal(errorOf(entry.method, entry.failure)) : '');
  }

  private markBatch(id: string, state: BatchState, problem?: string): void {
    const campaign = this.campaign;
    if (!campaign) return;
    const batches = campaign.batches.map((batch) => (batch.id === id ? { ...batch, state, ...(problem ? { problem } : {}) } : batch));
    this.campaign = { ...campaign, batches };
    saveCampaign(this.login, this.campaign);
    if (batches.every((batch) => batch.state === 'sent') && campaign.batches.some((batch) => batch.state !== 'sent')) {
      this.dispatchEvent(new JodoMessengerSentEvent({ id: campaign.id, servicekey: campaign.servicekey, leads: campaign.leads.length }));
    }
    this.follow();
  }

  /** Every lead is called or past its speech retries, and no batch waits to be sent. */
  private get settled(): boolean {
    return allSettled(this.campaign, this.records, this.problemSince, Date.now());
  }

  private follow(): void {
    if (!this.isConnected || !this.campaign || this.followAbort) return;
    if (this.followTimer !== undefined) clearTimeout(this.followTimer);
    this.followTimer = undefined;
    this.following = true;
    void this.readLeads();
  }

  private stopFollowing(): void {
    if (this.followTimer !== undefined) clearTimeout(this.followTimer);
    this.followTimer = undefined;
    this.followAbort?.abort();
    this.followAbort = undefined;
    this.following = false;
  }

  /** One round of reading the leads, then the next after a back-off. */
  private async readLeads(): Promise<void> {
    const campaign = this.campaign;
    const client = this.session?.client;
    const controller = (this.followAbort = new AbortController());
    let changed = false;
    try {
      if (!client || !campaign) throw new Error('No Jodo client');
      const round = await readLeadRecords(client, campaign, this.records, this.problemSince, controller.signal);
      if (!round) return;
      ({ changed } = round);
      this.records = round.records;
      this.followProblem = '';
    } catch (error) {
      if (controller.signal.aborted) return;
      this.followProblem = failureMessage(error);
    } finally {
      if (this.followAbort === controller) this.followAbort = undefined;
    }
    if (controller.signal.aborted || this.campaign?.id !== campaign?.id) return;
    this.announceCounts();
    if (this.settled) {
      this.following = false;
      return;
    }
    this.quiet = changed ? 0 : this.quiet + 1;
    this.followTimer = setTimeout(() => {
      this.followTimer = undefined;
      this.follow();
    }, backoffDelay(this.quiet + 1, FOLLOW));
  }

  private countsSentence(): string {
    const c = stageCounts(liveLeads(this.campaign), this.records);
    const [speech, problem, ready, called] = [c.speech, c.problem, c.ready, c.called].map((n) => formatNumber(n));
    return msg(str`Waiting for speech: ${speech}. Speech problem: ${problem}. Ready to dial: ${ready}. Called: ${called}.`);
  }

  private lastCounts = '';

  private announceCounts(): void {
    const sentence = this.countsSentence();
    if (sentence !== this.lastCounts) this.announcement = sentence;
    this.lastCounts = sentence;
  }

  private readonly checkAgain = () => {
    // Another window for every speech problem: Jodo tries a lead again once it is imported again.
    this.problemSince = new Map();
    this.quiet = 0;
    this.follow();
  };

  private readonly newList = () => {
    forgetCampaign(this.login);
    this.stopFollowing();
    this.campaign = undefined;
    this.records = new Map();
    this.problemSince = new Map();
    this.submitted = false;
    this.csv = '';
    this.notice = '';
  };

  private togglePlayer(number: string): void {
    this.playing = this.playing === number ? '' : number;
  }

  private renderInput() {
    const { rows, problems } = this.list;
    const bad = rows.filter((row) => row.problems.length).length;
    const show = this.submitted || this.csv.trim() !== '' || Boolean(this.contacts?.length);
    const timeProblem = this.submitted ? this.timeProblem : '';
    const rowCount = formatNumber(rows.length);
    const badCount = formatNumber(bad);
    return html`${this.contacts?.length
        ? html`<p>${msg(str`Customers from the page: ${rowCount}.`)}</p>`
        : html`<div class="field">
            <label for="csv">${msg('Customers (CSV with a header row)')}</label>
            <textarea id="csv" part="input" rows="6" spellcheck="false" aria-describedby="csv-hint" .value=${this.csv}
              @input=${(e: Event) => (this.csv = (e.target as HTMLTextAreaElement).value)}></textarea>
            <p class="hint" id="csv-hint">${msg('For example: name,mobilenumber then Asha Rao,9811122233. Other columns are the process\'s form fields.')}</p>
          </div>`}
      <fieldset>
        <legend>${msg('When')}</legend>
        <label><input type="radio" name="when" value="now" .checked=${this.when === 'now'} @change=${() => (this.when = 'now')} /> ${msg('Now')}</label>
        <label><input type="radio" name="when" value="at" .checked=${this.when === 'at'} @change=${() => (this.when = 'at')} /> ${msg('At')}</label>
        <label class="visually-hidden" for="at">${msg('Date and time to call')}</label>
        <input id="at" type="datetime-local" .value=${this.at} min=${toLocalInput(new Date())} ?disabled=${this.when !== 'at'}
          aria-invalid=${timeProblem ? 'true' : 'false'} aria-describedby=${timeProblem ? 'at-error' : nothing}
          @input=${(e: Event) => (this.at = (e.target as HTMLInputElement).value)} />
        ${timeProblem ? html`<p class="error" id="at-error">${timeProblem}</p>` : nothing}
      </fieldset>
      ${show && problems.length ? html`<ul class="error">${problems.map((problem) => html`<li>${LIST_PROBLEM[problem]()}</li>`)}</ul>` : nothing}
      ${show && rows.length
        ? html`<p>${bad ? msg(str`Customers: ${rowCount}. With problems: ${badCount}.`) : msg(str`Customers: ${rowCount}. All ready to send.`)}</p>
            ${renderLeadTable(
              msg('Customers to send'),
              rows.map((row) => ({ row: row.row, record: row.record, status: row.problems.length ? row.problems.map(rowProblem).join(' ') : msg('OK'), bad: row.problems.length > 0 })),
            )}`
        : nothing}
      <div class="actions">
        <button part="send" class="primary" type="button" @click=${this.send}>${msg('Send reminders')}</button>
        <span class="process">${msg(str`Process: ${this.processKey}`)}</span>
      </div>
      ${this.notice ? html`<p class="notice error" role="alert" tabindex="-1">${this.notice}</p>` : nothing}`;
  }

  private renderCampaign(campaign: Campaign) {
    const leads = liveLeads(campaign);
    const counts = stageCounts(leads, this.records);
    const planned = campaign.batches.filter((batch) => batch.state === 'planned').length;
    const refused = campaign.batches.filter((batch) => batch.state === 'failed' || batch.state === 'expired');
    const sentBatches = formatNumber(campaign.batches.filter((batch) => batch.state === 'sent').length);
    const allBatches = formatNumber(campaign.batches.length);
    const settled = !this.following && this.settled;
    const rows = leads.map((lead, i) => {
      const stage = stageOfLead(this.records, lead);
      const problem = this.records.get(String(lead['mobilenumber']))?.ttsproblem;
      return { row: i + 1, record: lead, stage, status: stage === 'problem' && problem ? `${STAGE_LABEL[stage]()}: ${problem}` : STAGE_LABEL[stage]() };
    });
    return html`<p>${msg(str`Process: ${campaign.servicekey}`)}. ${msg(str`Batches Jodo has: ${sentBatches} of ${allBatches}.`)}
        ${planned ? msg('Sending…') : nothing}</p>
      ${refused.map((batch) => {
        const from = formatNumber(batch.from + 1);
        const to = formatNumber(batch.to);
        const why = batch.state === 'expired' ? msg('Jodo did not confirm it within a day: check in Jodo whether these customers are there before sending them again.') : batch.problem ?? '';
        return html`<p class="error">${msg(str`Customers ${from} to ${to} were not sent: ${why}`)}</p>`;
      })}
      <ul part="counts" class="counts" tabindex="-1" aria-label=${msg('Leads by stage')}>
        ${STAGES.filter((stage) => stage !== 'pending' || counts.pending).map(
          (stage) => html`<li class=${stage}><span class="count">${formatNumber(counts[stage])}</span> ${STAGE_LABEL[stage]()}</li>`,
        )}
      </ul>
      ${this.followProblem ? html`<p class="error">${this.followProblem}</p>` : nothing}
      ${renderLeadTable(msg('Reminders'), rows, { records: this.records, playing: this.playing, servicekey: campaign.servicekey, toggle: (number) => this.togglePlayer(number) })}
      <div class="actions">
        ${settled ? html`<button part="check-again" type="button" @click=${this.checkAgain}>${msg('Check again')}</button>` : nothing}
        ${this.following ? html`<span class="hint">${msg('Following the leads…')}</span>` : nothing}
        ${planned ? nothing : html`<button type="button" @click=${this.newList}>${msg('New list')}</button>`}
      </div>`;
  }

  override render() {
    if (!this.session) return this.providerPending ? nothing : html`<p role="status">${msg(str`Reminders are not connected: place this element inside ${PROVIDER_TAG}.`)}</p>`;
    if (!this.session.client) return html`<p role="status">${msg(str`Reminders have no Jodo endpoint: set the endpoint attribute of ${PROVIDER_TAG}.`)}</p>`;
    return html`<section part="base" aria-labelledby="title">
      <h2 id="title">${msg('Voice reminders')}</h2>
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
      ${this.campaign ? this.renderCampaign(this.campaign) : this.renderInput()}
    </section>`;
  }
}
