/**
 * The team board's reallocation dialog: its three steps (the form, a
 * confirmation that names both agents and the contact, sending), the checks
 * made before Jodo is asked, and the board's `jodo-reallocate` and
 * `jodo-reallocated` events. Rendered in the board's own shadow root, so its
 * ids, styles and part (`reallocation`, documented on the board) are the board's.
 */
import { msg, str } from '@lit/localize';
import { html, nothing, type ReactiveController, type ReactiveElement } from 'lit';
import { validateRequest } from '../../api/problems.js';
import { JodoValidationError } from '../../api/errors.js';
import type { JodoSession } from '../../context/session.js';
import { JodoReallocateEvent, JodoReallocatedEvent, type Reallocation } from '../../events/jodo-reallocate.js';
import { reallocationLabels, reallocationProblems, type ReallocationField, type ReallocationProblem } from '../../messages/reallocation.js';
import { jodoTimeOfInput } from '../../requests/request-log.js';
import type { RowState, TeamRow } from './team-view.js';

interface Draft {
  from: string;
  contactnumber: string;
  customercode: string;
  calldatetime: string;
  to: string;
}

type DialogStep = 'form' | 'confirm' | 'sending';

export class ReallocationDialog implements ReactiveController {
  private draft: Draft | undefined;
  private step: DialogStep = 'form';
  private problems: ReallocationProblem[] = [];

  /**
   * @param session The provider's session: the client that sends, and Jodo's clock for the call's time.
   * @param team The agents of the board: those a contact may go to.
   * @param stateName A row's state in words.
   * @param announce Says a sentence in the board's live region.
   */
  constructor(
    private readonly host: ReactiveElement,
    private readonly session: () => JodoSession | undefined,
    private readonly team: () => readonly string[],
    private readonly stateName: (state: RowState) => string,
    private readonly announce: (text: string) => void,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.dialog?.close();
  }

  /** Opens the form for a contact of an agent of the board. */
  open(from: string): void {
    const others = this.team().filter((login) => login.toLowerCase() !== from.toLowerCase());
    this.draft = { from, contactnumber: '', customercode: '', calldatetime: '', to: others[0] ?? '' };
    this.step = 'form';
    this.problems = [];
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => {
      this.dialog?.showModal();
      this.host.renderRoot.querySelector<HTMLInputElement>('#contactnumber')?.focus();
    });
  }

  private get dialog(): HTMLDialogElement | undefined {
    return this.host.renderRoot?.querySelector('dialog') ?? undefined;
  }

  private close(): void {
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
    this.host.requestUpdate();
  };

  /** After each step the focus goes where the supervisor acts next (never left on a button that is gone). */
  private focusInDialog(selector: string): void {
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>(`dialog ${selector}`)?.focus());
  }

  private backToForm(): void {
    this.step = 'form';
    this.problems = [];
    this.host.requestUpdate();
    this.focusInDialog('#contactnumber');
  }

  private edit(field: keyof Draft, value: string): void {
    if (!this.draft) return;
    this.draft = { ...this.draft, [field]: value };
    this.problems = this.problems.filter((problem) => problem.field !== (field as ReallocationField));
    this.host.requestUpdate();
  }

  private request(draft: Draft): Reallocation {
    const optional = (value: string) => value.trim();
    return {
      contactnumber: draft.contactnumber.trim(),
      from: draft.from,
      to: draft.to,
      ...(optional(draft.customercode) ? { customercode: optional(draft.customercode) } : {}),
      ...(draft.calldatetime ? { calldatetime: jodoTimeOfInput(this.session()?.requests, draft.calldatetime) } : {}),
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
    this.host.requestUpdate();
    // The agent must still be on the board (the team may have changed while the dialog was open).
    if (!this.team().includes(draft.to) && !this.problems.some((problem) => problem.field === 'to')) {
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
    const client = this.session()?.client;
    if (!draft || !client || this.step === 'sending') return;
    const reallocation = this.request(draft);
    if (!this.host.dispatchEvent(new JodoReallocateEvent({ ...reallocation }))) {
      this.close();
      return;
    }
    this.step = 'sending';
    this.host.requestUpdate();
    try {
      await client.reallocateData(this.wireOf(reallocation));
    } catch (error) {
      const problems = reallocationProblems(error, reallocation);
      if (this.draft !== draft) {
        // The board left the page meanwhile: still said, not lost.
        this.announce(problems.map((problem) => problem.message).join(' '));
        return;
      }
      this.problems = problems;
      const field = problems.find((problem) => problem.field)?.field;
      this.step = field ? 'form' : 'confirm';
      this.host.requestUpdate();
      this.focusInDialog(field ? `#${field}` : '.confirm');
      return;
    }
    this.announce(msg(str`Contact ${reallocation.contactnumber} now goes to ${reallocation.to}.`));
    this.host.dispatchEvent(new JodoReallocatedEvent({ ...reallocation }));
    if (this.draft === draft) this.close();
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

  /** The dialog, closed until `open()`; `rows` are every agent of the board, for the states beside their names. */
  render(rows: readonly TeamRow[]) {
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
                ${this.team()
                  .filter((login) => login.toLowerCase() !== draft.from.toLowerCase())
                  .map((login) => html`<option value=${login} ?selected=${login === draft.to}>${option(login)}</option>`)}
              </select>`,
            )}
            ${generalProblems.map((problem) => html`<p class="error" role="alert">${problem.message}</p>`)}
            <div class="actions">
              <button type="button" @click=${() => this.close()}>${msg('Cancel')}</button>
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
}
