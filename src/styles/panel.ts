import { css } from 'lit';

/**
 * The box an element draws itself in (its `base` part), its row of buttons
 * and its invalid fields: one look for the form-like elements. Each element's own sheet
 * comes after it and says only what it draws differently.
 */
export const panel = css`
  :host {
    display: block;
  }
  [part='base'] {
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
    box-shadow: 0 0 0 1px var(--_danger);
  }
  @media (forced-colors: active) {
    [aria-invalid='true'] {
      outline: 2px solid Mark;
    }
  }
`;
