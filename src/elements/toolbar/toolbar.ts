import { consume } from '@lit/context';
import { msg, str } from '@lit/localize';
import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { AgentStates } from '../../api/codes.js';
import { autoloader } from '../../autoloader/hook.js';
import { jodoSessionContext, type JodoCall, type JodoSession } from '../../context/session.js';
import { AgentStatusController } from '../../controllers/agent-status-controller.js';
import { ShortcutController } from '../../controllers/shortcut-controller.js';
import { SHORTCUT_ACTIONS, formatShortcut, type ShortcutAction, type ShortcutSettings } from '../../shortcuts/shortcut.js';
import { stateColours, theme } from '../../styles/theme.js';
import type { CallGuideField } from '../call-guide/template.js';
import type { DispositionMaster, JodoDisposition } from '../disposition/disposition.js';
import { jsonAttribute } from '../json-attribute.js';
import { JodoElement } from '../jodo-element.js';
import type { JodoRecordingPlayer } from '../recording-player/recording-player.js';
import { loadDiagnostics } from './diagnostics-loader.js';
import { toolbarStyles } from './toolbar.styles.js';

type Panel = 'customer' | 'recording' | 'diagnostics';

const ALL_SHORTCUTS_OFF: ShortcutSettings = Object.fromEntries(SHORTCUT_ACTIONS.map((action) => [action, false]));

/** What identifies the customer of a call: a change of it pops the customer panel (a new systemcallid alone does not). */
const customerKey = (call: JodoCall | undefined) => [call?.mobilenumber, call?.customercode, call?.crmuniquefield].filter(Boolean).join('|');

/** States in which a call is coming or on: the call's panels are fetched then (with the autoloader), before they are shown. */
const CALL_STATES: ReadonlySet<number> = new Set([AgentStates.ManualCall, AgentStates.PreviewCall, AgentStates.ACD, AgentStates.Talking, AgentStates.Dialling]);

/**
 * The agent's toolbar: state, the current call, the customer's record, the
 * wrap-up, the changes waiting for Jodo and the recording, in one compact bar a CRM page docks at its edge.
 * It sits inside `<jodo-provider>` like any other Jodo element.
 *
 * @tag jodo-toolbar
 * @summary The whole agent toolbar in one docked bar.
 *
 * @event jodo-status-change - From the bar's `<jodo-status>`.
 * @event jodo-disposition-submit - From the wrap-up form; cancelable.
 * @event jodo-disposition-saved - From the wrap-up form.
 * @event jodo-customer-saved - From the call guide.
 *
 * @csspart base - The bar.
 * @csspart call - The current call's summary.
 * @csspart panel - The open panel (customer or recording).
 * @csspart shortcuts-button - The button that shows the keyboard shortcuts.
 * @csspart shortcuts - The keyboard shortcuts list (a popover), with the button that opens the diagnostics.
 * @csspart diagnostics-button - The help popover's button that opens `<jodo-diagnostics>` in a panel.
 *
 * @cssprop [--jodo-toolbar-z-index=1000] - Stacking order when docked.
 * @cssprop [--jodo-toolbar-panel-max-height=45vh] - How tall an open panel may grow before it scrolls.
 * @cssprop [--jodo-toolbar-panel-height=24rem] - Docked: the height of an open panel and of the open wrap-up form, laid over the page beside the bar (at most the max height).
 * @cssprop [--jodo-toolbar-panel-width=48rem] - Docked: the width of an open panel (the wrap-up form is 36rem wide, at the other end).
 */
export class JodoToolbar extends JodoElement {
  static override styles = [theme, stateColours, toolbarStyles];

  @consume({ context: jodoSessionContext, subscribe: true })
  @state()
  private session?: JodoSession;

  @state() private panel?: Panel;

  /**
   * Whether the call guide is in the page: from the first time the customer panel opens (or a call pops it),
   * then for good, so closing the panel never loses what the agent typed. Until then a page through the
   * autoloader has not fetched it.
   */
  @state() private callGuideShown = false;

  /** What the toolbar's live region says (a shortcut that could not act). */
  @state() private announcement = '';

  @query('jodo-disposition') private disposition?: JodoDisposition | null;

  private readonly shortcutKeys = new ShortcutController(
    this,
    () => (this.shortcuts === false ? ALL_SHORTCUTS_OFF : this.shortcuts),
    (action) => void this.runShortcut(action),
  );

  constructor() {
    super();
    // With the autoloader, the call's panels are fetched as a call comes, so they show at once when it pops.
    new AgentStatusController(
      this,
      () => ({ hub: this.session?.status, login: this.session?.login }),
      (next) => {
        if (next.agent?.state === undefined || !CALL_STATES.has(next.agent.state)) return;
        const loader = autoloader();
        for (const tag of ['jodo-call-guide', 'jodo-recording-player']) void loader?.load(tag);
      },
      false, // the bar shows the state through <jodo-status>: no render of its own on every poll
    );
  }

  /** Dock the bar to the page's `bottom` or `top` edge; not docked when empty. */
  @property({ reflect: true }) dock: '' | 'bottom' | 'top' = '';

  /** The wrap-up outcomes (masters and reasons), passed to `<jodo-disposition>`. Also a JSON attribute. */
  @property({ converter: jsonAttribute })
  dispositions?: DispositionMaster[] | null;

  /** The call guide's form template (the `template` attribute takes it as JSON, checked by the call guide). */
  @property({ attribute: false }) template?: CallGuideField[];

  /** The `template` attribute as written, handed to `<jodo-call-guide>` to read and check. */
  @property({ attribute: 'template' }) templateJson?: string;

  /** The call guide's script with `{{field}}` placeholders. */
  @property() script = '';

  /** How many days ahead a callback may be set. */
  @property({ attribute: 'callback-window-days', type: Number }) callbackWindowDays = 30;

  /**
   * Keyboard shortcuts, as JSON: `{"open-wrapup": "Ctrl+Alt+W", "help": false}` changes or turns off
   * actions (`open-wrapup`, `save-wrapup`, `toggle-recording`, `customer-panel`, `help`; defaults
   * Alt+Shift+W, S, P, C and K); `false` turns all of them off.
   */
  @property({ converter: jsonAttribute }) shortcuts?: ShortcutSettings | false | null;

  private lastCustomer = '';

  protected override willUpdate(): void {
    const key = customerKey(this.session?.call);
    if (key !== this.lastCustomer) {
      this.lastCustomer = key;
      if (key) this.panel = 'customer';
    }
    if (this.panel === 'customer') this.callGuideShown = true;
  }

  private toggle(panel: Panel): void {
    this.panel = this.panel === panel ? undefined : panel;
  }

  /** Says something in the live region, again even when it is the same text. */
  private async say(text: string): Promise<void> {
    this.announcement = '';
    await this.updateComplete;
    this.announcement = text;
  }

  private async runShortcut(action: ShortcutAction): Promise<void> {
    switch (action) {
      case 'open-wrapup':
        return this.disposition?.show();
      case 'save-wrapup':
        if (!this.disposition?.requestSave()) await this.say(msg('No wrap-up is open to save.'));
        return;
      case 'customer-panel':
        return this.toggle('customer');
      case 'toggle-recording': {
        if (!this.session?.call?.systemcallid) return this.say(msg('No recording yet: it comes with the call id'));
        this.panel = 'recording';
        await this.updateComplete;
        const player = this.renderRoot.querySelector<JodoRecordingPlayer>('jodo-recording-player');
        await player?.updateComplete;
        if (!player?.togglePlayback()) await this.say(msg('The recording is not ready to play yet.'));
        return;
      }
      case 'help':
        this.renderRoot.querySelector<HTMLElement>('#shortcuts')?.togglePopover();
        return;
    }
  }

  private shortcutLabel(action: ShortcutAction): string {
    switch (action) {
      case 'open-wrapup':
        return msg('Open the wrap-up');
      case 'save-wrapup':
        return msg('Save the wrap-up');
      case 'toggle-recording':
        return msg('Play or pause the recording');
      case 'customer-panel':
        return msg('Show or hide the customer');
      case 'help':
        return msg('Show or hide this list');
    }
  }

  /** The shortcuts in force, in a popover the "Keys" button (or its own shortcut) opens. */
  private renderShortcuts() {
    const bound = this.shortcutKeys.shortcuts;
    if (!bound.size || !('popover' in HTMLElement.prototype)) return nothing;
    return html`<button part="shortcuts-button" type="button" popovertarget="shortcuts" aria-label=${msg('Keyboard shortcuts')}>
        <span aria-hidden="true">⌨</span></button>
      <div part="shortcuts" id="shortcuts" popover role="dialog" aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title">${msg('Keyboard shortcuts')}</h2>
        <dl>
          ${SHORTCUT_ACTIONS.filter((action) => bound.has(action)).map(
            (action) => html`<div><dt>${this.shortcutLabel(action)}</dt><dd><kbd>${formatShortcut(bound.get(action)!)}</kbd></dd></div>`,
          )}
        </dl>
        <button part="diagnostics-button" type="button" popovertarget="shortcuts" popovertargetaction="hide" @click=${this.openDiagnostics}>${msg('Diagnostics…')}</button>
        <button type="button" popovertarget="shortcuts" popovertargetaction="hide">${msg('Close')}</button>
      </div>`;
  }

  /** Opens the diagnostics panel (from the help popover), loading `<jodo-diagnostics>` the first time, with the focus on its Close button. */
  private async openDiagnostics(): Promise<void> {
    try {
      await loadDiagnostics();
    } catch (error) {
      console.warn('<jodo-toolbar> could not load <jodo-diagnostics>:', error);
      return;
    }
    this.panel = 'diagnostics';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#diagnostics-close')?.focus();
  }

  private async closeDiagnostics(): Promise<void> {
    this.panel = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part=shortcuts-button]')?.focus();
  }

  private renderCall(call: JodoCall | undefined) {
    const who = call?.mobilenumber || call?.customercode || call?.crmuniquefield;
    if (!who) return html`<span part="call">${msg('No call')}</span>`;
    const id = call?.systemcallid;
    return html`<span part="call" title=${id ? msg(str`Call ${id}`, { desc: 'Tooltip: the call id' }) : ''}>${msg(str`Call: ${who}`, { desc: 'The customer (number or code) of the current call' })}</span>`;
  }

  override render() {
    const call = this.session?.call;
    const hasRecording = Boolean(call?.systemcallid);
    // Both panels stay rendered once shown, the closed one hidden: switching never loses what the agent typed in the call guide.
    return html`
      <section part="base" aria-label=${msg('Jodo agent toolbar')}>
        <span class="brand" aria-hidden="true">Jodo</span>
        <jodo-status></jodo-status>
        ${this.renderCall(call)}
        <jodo-disposition .dispositions=${this.dispositions} callback-window-days=${this.callbackWindowDays}></jodo-disposition>
        <div class="panel-buttons" role="group" aria-label=${msg('Panels')}>
          <button type="button" aria-expanded=${this.panel === 'customer' ? 'true' : 'false'} aria-controls="customer" @click=${() => this.toggle('customer')}>${msg('Customer', { desc: 'Button: opens the customer panel' })}</button>
          <button type="button" aria-expanded=${this.panel === 'recording' ? 'true' : 'false'} aria-controls="recording" ?disabled=${!hasRecording}
            title=${hasRecording ? '' : msg('No recording yet: it comes with the call id')} @click=${() => this.toggle('recording')}>${msg('Recording', { desc: 'Button: opens the recording panel' })}</button>
        </div>
        ${this.renderShortcuts()}
        <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
      </section>
      <jodo-outbox></jodo-outbox>
      <div part="panel" id="customer" ?hidden=${this.panel !== 'customer'}>
        ${this.callGuideShown ? html`<jodo-call-guide script=${this.script} template=${ifDefined(this.templateJson)} .template=${this.template}></jodo-call-guide>` : nothing}
      </div>
      <div part="panel" id="recording" ?hidden=${this.panel !== 'recording'}>
        ${hasRecording ? html`<jodo-recording-player></jodo-recording-player>` : nothing}
      </div>
      ${this.panel === 'diagnostics'
        ? html`<div part="panel" id="diagnostics">
            <button id="diagnostics-close" type="button" @click=${this.closeDiagnostics}>${msg('Close diagnostics')}</button>
            <jodo-diagnostics></jodo-diagnostics>
          </div>`
        : nothing}
    `;
  }
}
