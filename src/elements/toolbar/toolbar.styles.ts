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
    max-height: 85vh;
    overflow: auto;
  }
  :host([dock='bottom']) {
    bottom: 0;
  }
  :host([dock='top']) {
    top: 0;
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
  jodo-disposition[open] {
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
