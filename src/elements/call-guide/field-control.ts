/**
 * One field of the call guide's form: its label, its input (or text area),
 * read-only unless the template makes it editable, and its problem, tied to
 * the input for assistive technology.
 */
import { msg } from '@lit/localize';
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { CallGuideField } from './template.js';

/** What the form does when the agent types in a field or leaves it. */
export interface FieldEvents {
  edit(key: string, value: string): void;
  leave(key: string): void;
}

export function renderField(field: CallGuideField, index: number, value: string, error: string | undefined, on: FieldEvents) {
  const id = `field-${index}`;
  const errorId = `${id}-error`;
  const editable = field.editable === true;
  const onInput = (event: Event) => on.edit(field.key, (event.target as HTMLInputElement | HTMLTextAreaElement).value);
  const onBlur = () => on.leave(field.key);
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
