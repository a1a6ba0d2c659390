/**
 * The call guide's call script as shown: its `{{field}}` placeholders filled,
 * as text, from the form's current values, a missing value shown as
 * `[field]`. A template only; `template.ts` fills the script.
 */
import { msg, str } from '@lit/localize';
import { html, nothing } from 'lit';
import { fillScript } from './template.js';

/** The call script with its placeholders filled from `values`; nothing without a script. */
export function renderScript(script: string, values: Readonly<Record<string, string>>) {
  if (!script.trim()) return nothing;
  const parts = fillScript(script, values);
  return html`<div part="script" class="script" role="note" aria-label=${msg('Call script')}>${parts.map((part) =>
    part.kind === 'text'
      ? part.text
      : part.kind === 'value'
        ? html`<strong part="script-value">${part.text}</strong>`
        : html`<span part="script-missing" class="missing" title=${msg(str`No value for ${part.key}`)}>${part.text}</span>`,
  )}</div>`;
}
