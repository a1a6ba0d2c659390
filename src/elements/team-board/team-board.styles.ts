/** <jodo-team-board>'s own look, after the theme's tokens (styles/theme.ts) and the panel look (styles/panel.ts). */
import { css } from 'lit';

export const teamBoardStyles = css`
  :host {
    --_row-height: 2.5rem;
  }
  .message {
    padding: var(--_space);
    background: var(--_surface-raised);
    border-radius: var(--_radius);
  }
  [part='notice'] {
    color: var(--_danger);
  }
  [part='notice'] p {
    margin: 0;
  }
  [part='counts'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5);
    align-items: center;
  }
  [part='counts'] button {
    display: inline-flex;
    gap: 0.4em;
    align-items: center;
    border-radius: 999px;
  }
  [part='counts'] button[data-state]:not([data-state='all']):not([data-state='unknown']):not([data-state='missing']) {
    background: var(--_state);
    color: var(--_on-state);
  }
  [part='counts'] button[aria-pressed='true'] {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
    font-weight: 600;
  }
  .count {
    font-variant-numeric: tabular-nums;
  }
  .over-count {
    color: var(--_danger);
    font-weight: 600;
  }
  .search {
    display: flex;
    gap: var(--_space);
    align-items: center;
  }
  .search label {
    font-weight: 600;
  }
  .row {
    display: grid;
    grid-template-columns: minmax(10ch, 2fr) minmax(9ch, 1.2fr) minmax(9ch, 1fr);
    align-items: center;
    min-height: var(--_row-height);
    box-sizing: border-box;
    border-block-end: 1px solid var(--_surface-raised);
  }
  .with-actions .row {
    grid-template-columns: minmax(10ch, 2fr) minmax(9ch, 1.2fr) minmax(9ch, 1fr) auto;
  }
  [role='columnheader'],
  [role='gridcell'] {
    padding-inline: calc(var(--_space) * 0.5);
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [role='columnheader'] {
    font-weight: 600;
  }
  [role='columnheader'] button {
    border: none;
    background: none;
    font-weight: 600;
    padding-inline: 0;
  }
  .sort-mark {
    display: inline-block;
    min-width: 1.2em;
    font-size: 0.8em;
  }
  .head .row {
    border-block-end: 1px solid var(--_border);
  }
  .scroller {
    max-height: var(--_board-height);
    overflow-y: auto;
    overscroll-behavior: contain;
  }
  [part~='row'] {
    height: var(--_row-height);
  }
  [part='state'] {
    display: inline-block;
    padding: 0.1em 0.6em;
    border-radius: 999px;
    background: var(--_state, var(--_state-unknown));
    color: var(--_on-state);
    font-weight: 600;
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .time {
    font-variant-numeric: tabular-nums;
  }
  .is-over .time {
    color: var(--_danger);
    font-weight: 600;
  }
  [part='over'] {
    font-size: 0.8em;
    border: 1px solid currentColor;
    border-radius: 999px;
    padding: 0 0.4em;
  }
  .empty {
    color: var(--_muted);
    margin: var(--_space) 0;
  }
  dialog {
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    max-width: min(32rem, 92vw);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 35%);
  }
  dialog h2 {
    font-size: 1.1em;
    margin-block-start: 0;
  }
  form {
    display: grid;
    gap: var(--_space);
  }
  .field {
    display: grid;
    gap: 0.25rem;
  }
  .field label {
    font-weight: 600;
  }
  .error {
    color: var(--_danger);
    margin: 0;
  }
  .actions {
    display: flex;
    justify-content: flex-end;
    gap: var(--_space);
  }
  @media (forced-colors: active) {
    [part='state'],
    [part='counts'] button {
      border: 1px solid CanvasText;
    }
    .is-over .time {
      color: Highlight;
    }
  }
`;
