/** <jodo-call-guide>'s own look, after the theme's tokens (styles/theme.ts) and the panel look (styles/panel.ts). */
import { css } from 'lit';

export const callGuideStyles = css`
  :host {
    max-width: 100%;
    min-width: 0;
  }
  p {
    margin: 0;
  }
  [part='base'] {
    box-sizing: border-box;
    color: var(--_text);
  }
  .message {
    background: var(--_surface-raised);
    justify-items: start;
  }
  .message .title {
    font-weight: 600;
  }
  .hint,
  .meta {
    color: var(--_muted);
  }
  .is-error,
  .form-error {
    border-inline-start: 4px solid var(--_danger);
  }
  .form-error {
    display: grid;
    gap: calc(var(--_space) * 0.5);
    padding: var(--_space);
    border-radius: var(--_radius);
    background: var(--_surface-raised);
  }
  .form-error .title {
    color: var(--_danger);
    font-weight: 600;
  }
  [part='header'] {
    display: grid;
    gap: calc(var(--_space) * 0.25);
  }
  .heading {
    margin: 0;
    font-size: 1.15em;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  .meta {
    overflow-wrap: anywhere;
  }
  [part='script'] {
    padding: var(--_space);
    border-radius: var(--_radius);
    background: var(--_surface-raised);
    border-inline-start: 4px solid var(--_accent);
    line-height: 1.5;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  [part='script-value'] {
    color: var(--_text);
    font-weight: 700;
  }
  [part='script-missing'] {
    color: var(--_danger);
    font-style: italic;
  }
  form {
    display: grid;
    gap: var(--_space);
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--jodo-call-guide-field-width, 14rem)), 1fr));
    gap: var(--_space);
  }
  .field {
    display: grid;
    gap: calc(var(--_space) * 0.25);
    align-content: start;
    min-width: 0;
  }
  .field.wide {
    grid-column: 1 / -1;
  }
  label {
    font-weight: 600;
    color: var(--_text);
  }
  input,
  textarea {
    width: 100%;
    min-height: 2rem;
  }
  textarea {
    resize: vertical;
  }
  input[readonly],
  textarea[readonly] {
    background: var(--_surface-raised);
    border-style: dashed;
    color: var(--_text);
  }
  .field-error {
    color: var(--_danger);
    font-size: 0.9em;
  }
  .notice {
    color: var(--_success);
    font-weight: 600;
  }
  @media (forced-colors: active) {
    [part='base'],
    .form-error,
    [part='script'] {
      border: 1px solid CanvasText;
    }
  }
`;
