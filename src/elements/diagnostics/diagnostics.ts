import { consume } from '@lit/context';
import { msg, str } from '@lit/localize';
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { jodoSessionContext, type JodoSession } from '../../context/session.js';
import { AgentStatusController } from '../../controllers/agent-status-controller.js';
import { OutboxController } from '../../controllers/outbox-controller.js';
import { TickController } from '../../controllers/tick-controller.js';
import { formatTime } from '../../format/date-time.js';
import { describeDuration, formatAge } from '../../format/duration.js';
import { formatNumber } from '../../format/number.js';
import { formattingLocale } from '../../i18n/localization.js';
import { PROVIDER_TAG } from '../../messages/element-names.js';
import { CLOCK_RESOLUTION_MS, type RequestLog, type RequestRecord } from '../../requests/request-log.js';
import { lastGoodAnswerAt } from '../../status/freshness.js';
import { panel } from '../../styles/panel.js';
import { theme } from '../../styles/theme.js';
import { JodoElement } from '../jodo-element.js';
import { diagnosticsStyles } from './diagnostics.styles.js';
import { buildReport, isFailure, reachable, reportText, reportedEntry, type SupportReport } from './report.js';

/** A request's outcome in words. */
function outcomeText(record: Pick<RequestRecord, 'outcome' | 'httpStatus' | 'code'>): string {
  const code = record.code === undefined ? '' : formatNumber(record.code, { useGrouping: false });
  const http = record.httpStatus === undefined ? '' : String(record.httpStatus);
  switch (record.outcome) {
    case 'ok':
      return msg('OK');
    case 'api':
      return msg(str`refused, code ${code}`);
    case 'http':
      return msg(str`HTTP error ${http}`);
    case 'network':
      return msg('no connection');
    case 'timeout':
      return msg('no answer in time');
    case 'malformed-response':
      return msg('unreadable answer');
    case 'validation':
      return msg('not sent: invalid');
    case 'aborted':
      return msg('cancelled');
  }
}

/** "Jodo's clock is 2 hours ahead of this computer's." */
function skewText(skewMs: number | undefined, samples: number): string {
  if (skewMs === undefined) return msg('Not measured yet: it is measured from Jodo\'s answers.');
  const count = formatNumber(samples);
  if (Math.abs(skewMs) < CLOCK_RESOLUTION_MS) return msg(str`Jodo's clock and this computer's agree to within a second (over ${count} answers).`);
  const by = describeDuration(Math.round(Math.abs(skewMs) / 1000));
  return skewMs > 0
    ? msg(str`Jodo's clock is ${by} ahead of this computer's (over ${count} answers).`)
    : msg(str`Jodo's clock is ${by} behind this computer's (over ${count} answers).`);
}

/**
 * What support needs when an agent says "the toolbar is stuck": whether Jodo
 * (or the gateway) answers, the last good poll and its age, recent failures
 * with their codes; the skew between this computer's clock and Jodo's
 * (measured from Jodo's answers, and corrected for in every time the toolbar
 * writes for Jodo), with a warning past a minute; what waits in the outbox and
 * why; the versions of the toolbar and of Lit; and the provider's last 100
 * requests (method, outcome, codes, milliseconds, when). "Copy support
 * report" puts it on the clipboard as text, "Download" saves it as JSON.
 * The report holds no key, cookie, token, password, remark or customer data:
 * the provider records none of it.
 *
 * `<jodo-toolbar>` opens it from its help popover (the ⌨ button).
 *
 * @tag jodo-diagnostics
 * @summary Connection, clock, outbox and versions, and a support report.
 *
 * @csspart base - The frame.
 * @csspart warning - The clock-skew warning.
 * @csspart requests - The table of the last requests.
 * @csspart copy - The "Copy support report" button.
 * @csspart download - The "Download" button.
 */
export class JodoDiagnostics extends JodoElement {
  static override styles = [theme, panel, diagnosticsStyles];

  @consume({ context: jodoSessionContext, subscribe: true })
  @state()
  private session?: JodoSession;

  /** Keeps the agent's state polled, and gives the last good poll. */
  private readonly status = new AgentStatusController(this, () => ({ hub: this.session?.status, login: this.session?.login }));

  /** What the live region says (copied, downloaded). */
  @state() private announcement = '';
  /** The report's text shown for copying by hand when the clipboard refused it. */
  @state() private manualCopy = '';

  private log: RequestLog | undefined;

  constructor() {
    super();
    // Ages ("12 seconds ago") move on between requests.
    new TickController(this, () => true);
    new OutboxController(this, () => this.session?.outbox);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.follow(undefined);
  }

  protected override willUpdate(): void {
    if (this.isConnected) this.follow(this.session?.requests);
  }

  /** Re-renders on every request the provider's log records. */
  private follow(log: RequestLog | undefined): void {
    if (log === this.log) return;
    this.log?.removeEventListener('change', this.changed);
    this.log = log;
    log?.addEventListener('change', this.changed);
  }

  private readonly changed = () => this.requestUpdate();

  /** The support report as it stands now. */
  report(): SupportReport {
    const session = this.session;
    return buildReport({
      now: Date.now(),
      login: session?.login ?? '',
      servicekey: session?.servicekey ?? '',
      language: formattingLocale(),
      ...(session?.requests ? { requests: session.requests } : {}),
      ...(session?.status.active ? { poller: session.status.role } : {}),
      ...(lastGoodAnswerAt(this.status.snapshot) !== undefined ? { lastGoodPoll: lastGoodAnswerAt(this.status.snapshot)! } : {}),
      ...(session?.outbox ? { outbox: { entries: session.outbox.entries, persistent: session.outbox.persistent } } : {}),
    });
  }

  private async say(text: string): Promise<void> {
    this.announcement = '';
    await this.updateComplete;
    this.announcement = text;
  }

  /** Copies the report as text; where the clipboard is refused, shows it selected for Ctrl+C. */
  private async copy(): Promise<void> {
    const text = reportText(this.report());
    try {
      await navigator.clipboard.writeText(text);
      this.manualCopy = '';
      await this.say(msg('The support report is copied: paste it into your message to support.'));
    } catch {
      this.manualCopy = text;
      await this.updateComplete;
      const area = this.renderRoot.querySelector<HTMLTextAreaElement>('#report-text');
      area?.focus();
      area?.select();
      await this.say(msg('The browser did not allow copying: the report is selected below, press Ctrl+C (⌘C on a Mac) to copy it.'));
    }
  }

  /** Saves the report as a JSON file. */
  private async download(): Promise<void> {
    const report = this.report();
    const url = URL.createObjectURL(new Blob([`${JSON.stringify(report, null, 2)}\n`], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `jodo-support-${report.generatedAt.replace(/[:.]/g, '-')}.json`;
    link.hidden = true;
    this.renderRoot.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    await this.say(msg('The support report is downloaded.'));
  }

  private renderConnection(records: readonly RequestRecord[]) {
    const now = Date.now();
    const answered = reachable(records);
    const received = lastGoodAnswerAt(this.status.snapshot);
    const role = this.session?.status.active ? this.session.status.role : undefined;
    const failures = records.filter(isFailure).slice(-5).reverse();
    return html`<h3>${msg('Connection')}</h3>
      <dl>
        <dt>${msg('Jodo')}</dt>
        <dd>${answered === undefined ? msg('No request yet.') : answered ? msg('Answering.') : msg('Not answering: the last request failed.')}</dd>
        <dt>${msg('Last good poll')}</dt>
        <dd>${received === undefined ? msg('None yet.') : html`${formatTime(new Date(received))} (${formatAge((now - received) / 1000)})`}</dd>
        <dt>${msg('Polling')}</dt>
        <dd>${role === undefined ? msg('Not polling.') : role === 'follower' ? msg('Another tab of this agent polls for this one.') : msg('This tab polls.')}</dd>
        <dt>${msg('Recent failures')}</dt>
        <dd>
          ${failures.length
            ? html`<ul>${failures.map((r) => html`<li>${formatTime(new Date(r.sentAt))} ${r.method}: ${outcomeText(r)}</li>`)}</ul>`
            : msg('None.')}
        </dd>
      </dl>`;
  }

  private renderClock(report: SupportReport) {
    const { clock } = report;
    return html`<h3>${msg('Clock')}</h3>
      <p>${skewText(clock.skewMs, clock.samples)}</p>
      ${clock.warning
        ? html`<p part="warning" class="warning" role="alert">
            ${msg("This computer's clock is off by more than a minute. Callback and call times sent to Jodo are corrected for it, but ask for the computer's clock to be set right.")}
          </p>`
        : nothing}`;
  }

  private renderOutbox() {
    const entries = this.session?.outbox.entries ?? [];
    return html`<h3>${msg('Outbox')}</h3>
      ${entries.length
        ? html`<ul>
            ${entries.map((entry) => {
              const e = reportedEntry(entry);
              const attempts = formatNumber(e.attempts);
              const state = e.state === 'queued' ? msg(str`waiting, ${attempts} attempts`) : msg('refused');
              const detail = e.reason ?? (e.fields ? e.fields.join(', ') : '');
              return html`<li>${formatTime(new Date(entry.createdAt))} ${e.method}: ${state}${detail ? html` · <span class="why">${detail}</span>` : nothing}</li>`;
            })}
          </ul>`
        : html`<p>${msg('Nothing waits.')}</p>`}`;
  }

  private renderRequests(records: readonly RequestRecord[]) {
    const count = formatNumber(records.length);
    return html`<details>
      <summary>${msg(str`Last requests (${count})`)}</summary>
      <table part="requests">
        <caption class="visually-hidden">${msg('Last requests, newest first')}</caption>
        <thead>
          <tr><th scope="col">${msg('When')}</th><th scope="col">${msg('Method')}</th><th scope="col">${msg('Result')}</th><th scope="col">${msg('ms', { desc: 'Column: milliseconds a request took' })}</th></tr>
        </thead>
        <tbody>
          ${[...records].reverse().map(
            (r) => html`<tr><td>${formatTime(new Date(r.sentAt))}</td><td>${r.method}</td><td>${outcomeText(r)}</td><td>${formatNumber(r.ms)}</td></tr>`,
          )}
        </tbody>
      </table>
    </details>`;
  }

  override render() {
    if (!this.session) return this.providerPending ? nothing : html`<p role="status">${msg(str`Diagnostics are not connected: place this element inside ${PROVIDER_TAG}.`)}</p>`;
    const report = this.report();
    const records = this.session.requests?.entries ?? [];
    const versions = report.versions;
    return html`<section part="base" aria-labelledby="diagnostics-title">
      <h2 id="diagnostics-title">${msg('Diagnostics')}</h2>
      ${this.renderConnection(records)} ${this.renderClock(report)} ${this.renderOutbox()}
      <h3>${msg('Versions')}</h3>
      <dl>
        <dt>${msg('Jodo toolbar')}</dt>
        <dd>${versions.jodoToolbar}</dd>
        <dt>Lit</dt>
        <dd>${versions.lit.join(', ') || msg('unknown')}</dd>
      </dl>
      ${this.renderRequests(records)}
      <div class="actions">
        <button part="copy" type="button" @click=${this.copy}>${msg('Copy support report')}</button>
        <button part="download" type="button" @click=${this.download}>${msg('Download')}</button>
      </div>
      ${this.manualCopy
        ? html`<label for="report-text">${msg('Support report')}</label><textarea id="report-text" readonly rows="8" .value=${this.manualCopy}></textarea>`
        : nothing}
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
    </section>`;
  }
}
