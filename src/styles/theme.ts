import { css } from 'lit';

/**
 * The design tokens every element reads. Public knobs are `--jodo-*` custom
 * properties a host page sets on any ancestor; each element maps them to
 * private `--_*` ones with light and dark defaults, so a page's value always
 * wins and `prefers-color-scheme` switches only the defaults.
 */
export const theme = css`
  :host {
    --_font: var(--jodo-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--jodo-font-size, 0.875rem);
    --_space: var(--jodo-space, 0.5rem);
    --_radius: var(--jodo-radius, 6px);
    --_surface: var(--jodo-surface, #ffffff);
    --_surface-raised: var(--jodo-surface-raised, #f4f6fa);
    --_text: var(--jodo-text, #1d2433);
    --_muted: var(--jodo-muted, #545d6e);
    --_border: var(--jodo-border, #7d8696);
    --_accent: var(--jodo-accent, #1746a2);
    --_on-accent: var(--jodo-on-accent, #ffffff);
    --_danger: var(--jodo-danger, #b42318);
    --_success: var(--jodo-success, #0b6b30);
    --_focus: var(--jodo-focus-ring, #1a5fd6);
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_text);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_surface: var(--jodo-surface, #1b1f27);
      --_surface-raised: var(--jodo-surface-raised, #252a35);
      --_text: var(--jodo-text, #e8ebf1);
      --_muted: var(--jodo-muted, #a9b1c1);
      --_border: var(--jodo-border, #737c8f);
      --_accent: var(--jodo-accent, #8fb2ff);
      --_on-accent: var(--jodo-on-accent, #0b1430);
      --_danger: var(--jodo-danger, #ff9b91);
      --_success: var(--jodo-success, #79d49a);
      --_focus: var(--jodo-focus-ring, #8fb2ff);
    }
  }
  :host([hidden]) {
    display: none !important;
  }
  *:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    color: var(--_text);
    background: var(--_surface-raised);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 0.5) var(--_space);
    cursor: pointer;
    min-height: 2rem;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_on-accent);
    border-color: var(--_accent);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 0.5);
    box-sizing: border-box;
    max-width: 100%;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/**
 * Colours of the eleven agent states, as `--jodo-state-<name>` tokens. Text
 * on them is dark in both schemes: each default passes 4.5:1 with #1d2433.
 */
export const stateColours = css`
  :host {
    --_state-1: var(--jodo-state-ready, #7ed99b);
    --_state-2: var(--jodo-state-manual-call, #9cc3ff);
    --_state-3: var(--jodo-state-preview-call, #b9b5ff);
    --_state-4: var(--jodo-state-acd, #8fd3f5);
    --_state-5: var(--jodo-state-talking, #6fb2ff);
    --_state-6: var(--jodo-state-hold, #ffb38a);
    --_state-7: var(--jodo-state-wrapup, #ffd866);
    --_state-8: var(--jodo-state-dialling, #a6e3e9);
    --_state-9: var(--jodo-state-live-stream, #e0b3ff);
    --_state-10: var(--jodo-state-transfer, #f7b3d9);
    --_state-11: var(--jodo-state-system-sent-na, #ff9f9f);
    --_state-unknown: var(--jodo-state-unknown, #d5d9e0);
  }
  [data-state='1'] { --_state: var(--_state-1); }
  [data-state='2'] { --_state: var(--_state-2); }
  [data-state='3'] { --_state: var(--_state-3); }
  [data-state='4'] { --_state: var(--_state-4); }
  [data-state='5'] { --_state: var(--_state-5); }
  [data-state='6'] { --_state: var(--_state-6); }
  [data-state='7'] { --_state: var(--_state-7); }
  [data-state='8'] { --_state: var(--_state-8); }
  [data-state='9'] { --_state: var(--_state-9); }
  [data-state='10'] { --_state: var(--_state-10); }
  [data-state='11'] { --_state: var(--_state-11); }
`;
