/** <jodo-status>'s own look, after the theme's tokens (styles/theme.ts). */
import { css } from 'lit';

export const statusStyles = css`
  :host {
    display: inline-block;
  }
  [part='base'] {
    display: inline-flex;
    align-items: center;
    gap: var(--_space);
    padding: calc(var(--_space) * 0.5) var(--_space);
    border-radius: 999px;
    background: var(--_state, var(--_state-unknown));
    color: var(--_on-state);
    white-space: nowrap;
    min-height: 1.75rem;
    box-sizing: border-box;
  }
  [part='label'] {
    font-weight: 600;
  }
  [part='timer'] {
    font-variant-numeric: tabular-nums;
  }
  .message {
    color: var(--_text);
    background: var(--_surface-raised);
  }
  .stale {
    font-size: 0.8em;
    padding: 0 0.4em;
    border-radius: 999px;
    background: var(--_on-state);
    color: var(--_state, var(--_state-unknown));
  }
  [part='base'].is-stale {
    opacity: 0.85;
    outline: 2px dashed currentColor;
    outline-offset: -2px;
  }
  @media (forced-colors: active) {
    [part='base'] {
      border: 1px solid CanvasText;
    }
  }
`;
