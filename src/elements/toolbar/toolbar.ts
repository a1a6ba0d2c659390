import { consume } from '@lit/context';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { jodoSessionContext, type JodoCall, type JodoSession } from '../../context/session.js';
import { stateColours, theme } from '../../styles/theme.js';
import type { DispositionMaster } from '../disposition/disposition.js';
import { JodoElement } from '../jodo-element.js';
import { toolbarStyles } from './toolbar.styles.js';

type Panel = 'customer' | 'recording';

const jsonAttribute = {
  fromAttribute: (value: string | null) => {
    if (!value) return undefined;
    try {
      return JSON.parse(value);
    } catch {
      return null; // the child element shows the configuration error
    }
  },
};

/**
 * The agent's toolbar: state, the current call, the customer's record, the
 * wrap-up and the recording, in one compact bar a CRM page docks at its edge.
 * It sits inside `<jodo-provider>` like any other Jodo element.
 *
 * @tag jodo-toolbar
 * @summary The whole agent toolbar in one docked bar.
 *
 * @csspart base - The bar.
 * @csspart call - The current call's summary.
 * @csspart panel - The open panel (customer or recording).
 *
 * @cssprop --jodo-toolbar-z-index - Stacking order when docked (default 1000).
 */
export class JodoToolbar extends JodoElement {
  static override styles = [theme, stateColours, toolbarStyles];

  @consume({ context: jodoSessionContext, subscribe: true })
  @state()
  private session?: JodoSession;

  @state() private panel?: Panel;

  /** Dock the bar to the page's `bottom` or `top` edge; not docked when empty. */
  @property({ reflect: true }) dock: '' | 'bottom' | 'top' = '';

  /** The wrap-up outcomes (masters and reasons), passed to `<jodo-disposition>`. Also a JSON attribute. */
  @property({ converter: jsonAttribute }) dispositions?: DispositionMaster[] | null;

  /** The call guide's form template, passed to `<jodo-call-guide>`. Also a JSON attribute. */
  @property({ converter: jsonAttribute }) template?: unknown;

  /** The call guide's script with `{{field}}` placeholders. */
  @property() script = '';

  /** How many days ahead a callback may be set. */
  @property({ attribute: 'callback-window-days', type: Number }) callbackWindowDays = 30;

  private lastCallKey = '';

  private static callKey(call: JodoCall | undefined): string {
    return call ? [call.mobilenumber, call.customercode, call.crmuniquefield, call.systemcallid].join('|') : '';
  }

  protected override willUpdate(): void {
    // A new call pops the customer.
    const key = JodoToolbar.callKey(this.session?.call);
    if (key !== this.lastCallKey) {
      this.lastCallKey = key;
      if (key.replace(/\|/g, '') !== '') this.panel = 'customer';
    }
  }

  private toggle(panel: Panel): void {
    this.panel = this.panel === panel ? undefined : panel;
  }

  private renderCall(call: JodoCall | undefined) {
    if (!call?.mobilenumber && !call?.customercode && !call?.crmuniquefield) return html`<span part="call">No call</span>`;
    const who = call.mobilenumber ?? call.customercode ?? call.crmuniquefield;
    return html`<span part="call" title=${call.systemcallid ? `Call ${call.systemcallid}` : ''}>Call: ${who}</span>`;
  }

  override render() {
    const call = this.session?.call;
    const hasRecording = Boolean(call?.systemcallid);
    return html`
      <div part="base" role="toolbar" aria-label="Jodo agent toolbar">
        <span class="brand" aria-hidden="true">Jodo</span>
        <jodo-status></jodo-status>
        ${this.renderCall(call)}
        <nav aria-label="Toolbar panels">
          <button type="button" aria-expanded=${this.panel === 'customer' ? 'true' : 'false'} aria-controls="panel" @click=${() => this.toggle('customer')}>Customer</button>
          <button type="button" aria-expanded=${this.panel === 'recording' ? 'true' : 'false'} aria-controls="panel" ?disabled=${!hasRecording}
            title=${hasRecording ? '' : 'No recording yet: it comes with the call id'} @click=${() => this.toggle('recording')}>Recording</button>
        </nav>
        <jodo-disposition .dispositions=${this.dispositions ?? []} callback-window-days=${this.callbackWindowDays}></jodo-disposition>
      </div>
      ${this.panel
        ? html`<div part="panel" id="panel">
            ${this.panel === 'customer'
              ? html`<jodo-call-guide script=${this.script} .template=${this.template ?? nothing}></jodo-call-guide>`
              : html`<jodo-recording-player></jodo-recording-player>`}
          </div>`
        : nothing}
    `;
  }
}
