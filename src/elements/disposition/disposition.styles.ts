/** <jodo-disposition>'s own look, after the theme's tokens (styles/theme.ts) and the panel look (styles/panel.ts). */
import { css } from 'lit';

export const dispositionStyles = css`
  [part='base'] {
    max-width: 36rem;
  }
  [part='opener'] + [part='base'] {
    margin-block-start: var(--_space);
  }
  header {
    display: flex;
    align-items: center;
    gap: var(--_space);
  }
  h2 {
    font-size: 1em;
    margin: 0;
    flex: 1;
  }
  .elapsed {
    font-variant-numeric: tabular-nums;
    color: var(--_muted);
  }
  .elapsed.is-stale {
    text-decoration: line-through dotted;
  }
  .stale {
    font-size: 0.85em;
  }
  form {
    display: grid;
    gap: var(--_space);
    grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
  }
  .field {
    display: grid;
    gap: 0.25rem;
    align-content: start;
  }
  .field.wide,
  .actions,
  .form-error {
    grid-column: 1 / -1;
  }
  label {
    font-weight: 600;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.85em;
    margin: 0;
  }
  .error,
  .form-error {
    color: var(--_danger);
    margin: 0;
  }
  .form-error {
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    padding: var(--_space);
  }
  textarea {
    resize: vertical;
    min-height: 4rem;
  }
  .saved {
    color: var(--_success);
  }
`;
