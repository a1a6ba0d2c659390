import { consume } from '@lit/context';
import { msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Params } from '../../api/client.js';
import { jodoSessionContext, type JodoSession } from '../../context/session.js';
import { OutboxController } from '../../controllers/outbox-controller.js';
import { failureMessage } from '../../messages/failure.js';
import { expiredMessage, waitingReason } from '../../messages/outbox.js';
import { errorOf, type OutboxEntry } from '../../outbox/outbox-entry.js';
import { formatDateTime, parseJodoDateTime } from '../../format/date-time.js';
import { formatNumber, pluralCategory } from '../../format/number.js';
import { panel } from '../../styles/panel.js';
import { theme } from '../../styles/theme.js';
import { dispositionErrors } from '../disposition/disposition-messages.js';
import { JodoElement } from '../jodo-element.js';
import { outboxStyles } from './outbox.styles.js';

/** The write in the agent's words: whose wrap-up, which customer. */
function describe(entry: OutboxEntry): string {
  if (entry.method === 'saveDisposition') {
    const { contactvalue } = entry.params as Params<'saveDisposition'>;
    return msg(str`Wrap-up for ${contactvalue}`);
  }
  const [record = {}] = (entry.params as Params<'ImportProcessData'>).data;
  const who = record['mobilenumber'] || record['customercode'] || record['crmuniquefield'] || msg('a customer');
  return entry.tag === 'create' ? msg(str`New customer ${who}`) : msg(str`Changes to customer ${who}`);
}

/** What happened to it: refused, or not confirmed in time. */
function outcomeOf(entry: OutboxEntry): string {
  const what = describe(entry);
  return entry.failure?.kind === 'expired' ? msg(str`${what} was not confirmed.`) : msg(str`${what} was refused.`);
}

/** When the agent made it, and the callback it asks for, in the agent's own calendar and clock. */
function madeAt(entry: OutboxEntry): string {
  const time = formatDateTime(new Date(entry.createdAt));
  const callback = entry.method === 'saveDisposition' ? (entry.params as Params<'saveDisposition'>).selecteddatetime : undefined;
  const at = callback ? parseJodoDateTime(callback) : undefined;
  if (!at) return msg(str`(made ${time})`, { desc: 'When a waiting change was made, e.g. "(made 28 Nov, 10:05)"' });
  const callbackTime = formatDateTime(at);
  return msg(str`(made ${time}, callback ${callbackTime})`);
}

/** "1 change waits", "3 changes wait", by the active language's plural rules. */
function changesWaiting(count: number): string {
  const n = formatNumber(count);
  return pluralCategory(count) === 'one' ? msg(str`${n} change waits`) : msg(str`${n} changes wait`);
}

/** Why Jodo refused it, as the element that made it would say. */
function reason(entry: OutboxEntry): string {
  if (!entry.failure) return '';
  if (entry.failure.kind === 'expired') return expiredMessage();
  const error = errorOf(entry.method, entry.failure);
  return entry.method === 'saveDisposition' ? dispositionErrors(error).map((e) => e.message).join(' ') : failureMessage(error);
}

/**
 * The agent's writes that Jodo has not confirmed yet: how many wait to be
 * sent and why, and each one Jodo refused, with its reason and what to do
 * (fix it in the form, send it again, or discard it). Shows nothing while
 * everything is saved.
 *
 * @tag jodo-outbox
 * @summary Wrap-ups and customer changes waiting for Jodo.
 *
 * @csspart base - The frame, shown while anything waits or was refused.
 * @csspart queued - The line about writes waiting to be sent.
 * @csspart refused - One refused write.
 */
export class JodoOutbox extends JodoElement {
  static override styles = [theme, panel, outboxStyles];

  @consume({ context: jodoSessionContext, subscribe: true })
  @state()
  private session?: JodoSession;

  /** Set while nothing waits, so the element takes no room in a toolbar. */
  @property({ type: Boolean, reflect: true }) empty = true;

  /** The entry whose discard awaits the agent's second click. */
  @state() private confirming?: string;

  constructor() {
    super();
    new OutboxController(this, () => this.session?.outbox);
  }

  private get entries(): readonly OutboxEntry[] {
    return this.session?.outbox.entries ?? [];
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    this.empty = this.entries.length === 0;
  }

  private async discard(entry: OutboxEntry): Promise<void> {
    if (this.confirming !== entry.id) {
      this.confirming = entry.id;
      return;
    }
    this.confirming = undefined;
    await this.session?.outbox.discard(entry.id);
  }

  override render() {
    const outbox = this.session?.outbox;
    // The live region stays in the page while the queue empties and fills, so changes are read out.
    if (!outbox) return nothing;
    const queued = this.entries.filter((e) => e.state === 'queued');
    const refused = this.entries.filter((e) => e.state === 'failed');
    const sending = outbox.sending !== undefined && queued.some((e) => e.id === outbox.sending);
    const waiting = changesWaiting(queued.length);
    const summary = queued.length ? (sending ? msg(str`Sending to Jodo… (${waiting})`) : msg(str`${waiting} to be sent to Jodo.`)) : '';
    const refusedCount = formatNumber(refused.length);
    const why = queued.map(waitingReason).find((reason) => reason);
    return html`<p class="visually-hidden" role="status" aria-live="polite">${summary}${refused.length ? ` ${msg(str`${refusedCount} refused by Jodo.`)}` : ''}</p>
      ${this.entries.length === 0
        ? nothing
        : html`<section part="base" aria-label=${msg('Changes waiting for Jodo')}>
            ${queued.length
              ? html`<div class="row" part="queued">
                  <p>${summary} ${why ? html`<span class="why">${why}</span>` : nothing}</p>
                  <button type="button" ?disabled=${sending} @click=${() => outbox.flush()}>${msg('Send now')}</button>
                </div>`
              : nothing}
            ${outbox.persistent ? nothing : html`<p class="why">${msg('This browser does not keep them if the page is closed: keep it open until they are sent.')}</p>`}
            ${refused.length
              ? html`<ul>
                  ${refused.map(
                    (entry) => html`<li part="refused" class="row">
                      <p><span class="what">${outcomeOf(entry)}</span> <span class="when">${madeAt(entry)}</span> ${reason(entry)}</p>
                      ${entry.method === 'saveDisposition' ? html`<button type="button" @click=${() => outbox.edit(entry.id)}>${msg('Fix')}</button>` : nothing}
                      <button type="button" @click=${() => outbox.resend(entry.id)}>${msg('Send again')}</button>
                      <button type="button" @click=${() => this.discard(entry)}>${this.confirming === entry.id ? msg('Discard for good?') : msg('Discard')}</button>
                    </li>`,
                  )}
                </ul>`
              : nothing}
          </section>`}`;
  }
}
