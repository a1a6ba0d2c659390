/** <jodo-toolbar>'s own look, after the theme's tokens (styles/theme.ts) and the panel look (styles/panel.ts). */
import { css } from 'lit';

export const toolbarStyles = css`
  :host {
    display: block;
    background: var(--_surface);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
  }
  :host([dock='bottom']),
  :host([dock='top']) {
    position: fixed;
    inset-inline: 0;
    z-index: var(--jodo-toolbar-z-index, 1000);
    border-radius: 0;
  }
  :host([dock='bottom']) {
    bottom: 0;
  }
  :host([dock='top']) {
    top: 0;
  }
  /*
   * Docked, the bar never changes size: an open panel and the open wrap-up form are cards laid over the
   * page beside it (above a bottom bar, below a top one), the panel at the start, the form at the end, each
   * of a fixed height that scrolls. So nothing on screen moves when a call pops the customer or Wrapup opens
   * the form (no layout shift); a card that appears only covers the page. The wrap-up's opener stays in the
   * bar: only its form (its base part) is the card.
   */
  :host([dock='bottom']) [part='panel'],
  :host([dock='top']) [part='panel'],
  :host([dock='bottom']) jodo-disposition::part(base),
  :host([dock='top']) jodo-disposition::part(base) {
    position: absolute;
    box-sizing: border-box;
    block-size: min(var(--jodo-toolbar-panel-height, 24rem), var(--jodo-toolbar-panel-max-height, 45vh));
    max-block-size: none;
    overflow: auto;
    margin: 0;
    padding: var(--_space);
    background: var(--_surface);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
  }
  :host([dock='bottom']) [part='panel'],
  :host([dock='bottom']) jodo-disposition::part(base) {
    bottom: 100%;
  }
  :host([dock='top']) [part='panel'],
  :host([dock='top']) jodo-disposition::part(base) {
    top: 100%;
  }
  :host([dock='bottom']) [part='panel'],
  :host([dock='top']) [part='panel'] {
    inset-inline-start: 0;
    inline-size: min(100%, var(--jodo-toolbar-panel-width, 48rem));
  }
  :host([dock='bottom']) jodo-disposition::part(base),
  :host([dock='top']) jodo-disposition::part(base) {
    inset-inline-end: 0;
    inline-size: min(100%, 36rem);
    max-inline-size: none;
    z-index: 1;
  }
  jodo-outbox:not([empty]) {
    margin: 0 var(--_space) var(--_space);
  }
  [part='base'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding: var(--_space);
  }
  .brand {
    font-weight: 700;
    letter-spacing: 0.02em;
  }
  [part='call'] {
    flex: 1 1 10rem;
    min-width: 0;
    color: var(--_muted);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .panel-buttons {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5);
  }
  button[aria-expanded='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
    border-color: var(--_accent);
  }
  :host(:not([dock='bottom']):not([dock='top'])) jodo-disposition[open] {
    flex-basis: 100%;
    order: 10;
  }
  [part='panel'] {
    border-top: 1px solid var(--_border);
    padding: var(--_space);
    max-height: var(--jodo-toolbar-panel-max-height, 45vh);
    overflow: auto;
  }
  [part='panel'][hidden] {
    display: none;
  }
  [part='shortcuts'] {
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space) calc(var(--_space) * 2);
    max-width: min(28rem, 90vw);
  }
  [part='shortcuts'] h2 {
    font-size: 1em;
    margin: 0 0 var(--_space);
  }
  [part='shortcuts'] dl {
    display: grid;
    gap: calc(var(--_space) * 0.5);
    margin: 0 0 var(--_space);
  }
  [part='shortcuts'] dl > div {
    display: flex;
    justify-content: space-between;
    gap: calc(var(--_space) * 2);
  }
  [part='shortcuts'] dd {
    margin: 0;
  }
  kbd {
    font: inherit;
    font-variant-numeric: tabular-nums;
    padding: 0 0.35em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.5);
    background: var(--_surface-raised);
    white-space: nowrap;
    /* Keys read left to right in every language. */
    direction: ltr;
    unicode-bidi: isolate;
  }
  @media (forced-colors: active) {
    button[aria-expanded='true'] {
      outline: 2px solid Highlight;
    }
  }
  @media (max-width: 480px) {
    .brand {
      display: none;
    }
    [part='call'] {
      flex-basis: 100%;
      order: 5;
    }
  }
`;
