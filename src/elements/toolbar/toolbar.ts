import { consume } from '@lit/context';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { jodoSessionContext, type JodoCall, type JodoSession } from '../../context/session.js';
import { stateColours, theme } from '../../styles/theme.js';
import type { CallGuideField } from '../call-guide/template.js';
import type { DispositionMaster } from '../disposition/disposition.js';
import { jsonAttribute } from '../json-attribute.js';
import { JodoElement } from '../jodo-element.js';
import { toolbarStyles } from './toolbar.styles.js';

type Panel = 'customer' | 'recording';

/** What identifies the customer of a call: a change of it pops the customer panel (a new systemcallid alone does not). */
const customerKey = (call: JodoCall | undefined) => [call?.mobilenumber, call?.customercode, call?.crmuniquefield].filter(Boolean).join('|');

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
 *
 * @cssprop [--jodo-toolbar-z-index=1000] - Stacking order when docked.
 * @cssprop [--jodo-toolbar-panel-max-height=45vh] - How tall an open panel may grow before it scrolls.
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

  private lastCustomer = '';

  protected override willUpdate(): void {
    const key = customerKey(this.session?.call);
    if (key !== this.lastCustomer) {
      this.lastCustomer = key;
      if (key) this.panel = 'customer';
    }
  }

  private toggle(panel: Panel): void {
    this.panel = this.panel === panel ? undefined : panel;
  }

  private renderCall(call: JodoCall | undefined) {
    const who = call?.mobilenumber || call?.customercode || call?.crmuniquefield;
    if (!who) return html`<span part="call">No call</span>`;
    return html`<span part="call" title=${call?.systemcallid ? `Call ${call.systemcallid}` : ''}>Call: ${who}</span>`;
  }

  override render() {
    const call = this.session?.call;
    const hasRecording = Boolean(call?.systemcallid);
    // Both panels stay rendered, the closed one hidden: switching never loses what the agent typed in the call guide.
    return html`
      <section part="base" aria-label="Jodo agent toolbar">
        <span class="brand" aria-hidden="true">Jodo</span>
        <jodo-status></jodo-status>
        ${this.renderCall(call)}
        <div class="panel-buttons" role="group" aria-label="Panels">
          <button type="button" aria-expanded=${this.panel === 'customer' ? 'true' : 'false'} aria-controls="customer" @click=${() => this.toggle('customer')}>Customer</button>
          <button type="button" aria-expanded=${this.panel === 'recording' ? 'true' : 'false'} aria-controls="recording" ?disabled=${!hasRecording}
            title=${hasRecording ? '' : 'No recording yet: it comes with the call id'} @click=${() => this.toggle('recording')}>Recording</button>
        </div>
        <jodo-disposition .dispositions=${this.dispositions} callback-window-days=${this.callbackWindowDays}></jodo-disposition>
      </section>
      <jodo-outbox></jodo-outbox>
      <div part="panel" id="customer" ?hidden=${this.panel !== 'customer'}>
        <jodo-call-guide script=${this.script} template=${ifDefined(this.templateJson)} .template=${this.template}></jodo-call-guide>
      </div>
      <div part="panel" id="recording" ?hidden=${this.panel !== 'recording'}>
        ${hasRecording ? html`<jodo-recording-player></jodo-recording-player>` : nothing}
      </div>
    `;
  }
}
