import { css, unsafeCSS } from 'lit';
import { BASE_TOKENS, STATE_TOKENS, privateName, stateSlug, type DesignToken } from './tokens.js';

// Built once from the token table (static text of our own, never page input).
const declarations = (tokens: readonly DesignToken[], scheme: 'light' | 'dark') =>
  unsafeCSS(
    tokens
      .filter((token) => scheme === 'light' || token.dark !== undefined)
      .map((token) => `${privateName(token)}: var(${token.name}, ${scheme === 'dark' ? token.dark : token.light});`)
      .join('\n'),
  );

/**
 * The design tokens every element reads. Public knobs are `--jodo-*` custom
 * properties (`tokens.ts`) a host page sets on any ancestor; each element maps
 * them to private `--_*` ones with light and dark defaults, so a page's value
 * always wins and `prefers-color-scheme` switches only the defaults.
 */
export const theme = css`
  :host {
    ${declarations(BASE_TOKENS, 'light')}
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_text);
    color-scheme: var(--_color-scheme);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      ${declarations(BASE_TOKENS, 'dark')}
    }
  }
  :host([hidden]) {
    display: none !important;
  }
  *:focus-visible {
    outline: 2px solid var(--_focus-ring);
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
  /* Windows high contrast: the system's colours replace ours; keep every control's edge and the focus visible. */
  @media (forced-colors: active) {
    button,
    input,
    select,
    textarea {
      border-color: ButtonText;
    }
    button.primary {
      border-color: Highlight;
    }
    button:disabled {
      border-color: GrayText;
      color: GrayText;
      opacity: 1;
    }
    *:focus-visible {
      outline-color: Highlight;
    }
  }
`;

/**
 * Colours of the eleven agent states, as `--jodo-state-<name>` tokens named
 * after the codes table. Text on them is `--jodo-on-state` in both schemes.
 */
export const stateColours = css`
  :host {
    ${declarations(STATE_TOKENS, 'light')}
  }
  ${unsafeCSS(
    STATE_TOKENS.filter((token) => token.state !== undefined)
      .map((token) => `[data-state='${token.state}'] { --_state: var(--_state-${stateSlug(token.state!)}); }`)
      .join('\n'),
  )}
`;
