/** <jodo-click-to-call>'s own look, after the theme's tokens (styles/theme.ts). */
import { css } from 'lit';

export const clickToCallStyles = css`
  :host {
    display: inline;
  }
  :host([scan]) {
    display: block;
  }
  [part='base'] {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: baseline;
    column-gap: calc(var(--_space) * 0.5);
    max-inline-size: 100%;
  }
  [part='button'] {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    min-height: 1.5rem;
    padding-block: 0;
    padding-inline: 0.25em;
    background: none;
    border: 1px solid transparent;
    color: var(--_accent);
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
  [part='button']:hover {
    background: var(--_surface-raised);
  }
  /* Not available: muted, no underline and a dashed edge (not colour alone); still focusable, so its reason can be read. */
  [part='button'][aria-disabled='true'] {
    color: var(--_muted);
    text-decoration: none;
    border-style: dashed;
    border-color: var(--_border);
    cursor: not-allowed;
  }
  [part='icon'] {
    display: inline-flex;
  }
  [part='icon'] svg {
    inline-size: 1em;
    block-size: 1em;
    fill: currentColor;
  }
  /* Numbers read left to right in every language. */
  [part='label'] {
    direction: ltr;
    unicode-bidi: isolate;
    white-space: nowrap;
  }
  [part='message'] {
    font-size: 0.85em;
    color: var(--_muted);
  }
  [part='message'].success {
    color: var(--_success);
  }
  [part='message'].error {
    color: var(--_danger);
  }
  @media (forced-colors: active) {
    [part='button'] {
      color: LinkText;
    }
    [part='button'][aria-disabled='true'] {
      color: GrayText;
      border-color: GrayText;
    }
    [part='message'].success,
    [part='message'].error {
      color: CanvasText;
    }
  }
`;
