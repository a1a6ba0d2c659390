/** <jodo-recording-player>'s own look, after the theme's tokens (styles/theme.ts). */
import { css } from 'lit';

export const recordingPlayerStyles = css`
  :host {
    display: block;
    max-width: 100%;
  }
  [part~='base'] {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    padding: var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-sizing: border-box;
    min-width: 0;
  }
  p {
    margin: 0;
  }
  .message {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: calc(var(--_space) * 0.5);
  }
  .message .text {
    font-weight: 600;
  }
  .hint {
    color: var(--_muted);
  }
  .is-error {
    border-inline-start: 4px solid var(--_danger);
  }
  p.is-error {
    display: block;
    padding-inline-start: var(--_space);
  }
  [aria-busy='true'] .text::before {
    content: '';
    display: inline-block;
    width: 0.8em;
    height: 0.8em;
    margin-inline-end: 0.5em;
    vertical-align: -0.1em;
    border: 2px solid var(--_border);
    border-top-color: var(--_accent);
    border-radius: 50%;
    animation: spin 0.9s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    [aria-busy='true'] .text::before {
      animation: none;
    }
  }

  /* The player */
  .player {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 0.75);
    min-width: 0;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) * 0.75);
    min-width: 0;
  }
  .actions {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) * 0.5);
    margin-inline-start: auto;
  }
  button.play {
    display: inline-grid;
    place-items: center;
    width: 2.25rem;
    height: 2.25rem;
    padding: 0;
    border-radius: 50%;
  }
  button.play svg {
    width: 1rem;
    height: 1rem;
  }
  input[type='range'] {
    /* Media progress runs left to right in every language, like the play icon. */
    direction: ltr;
    flex: 1 1 8rem;
    min-width: 6rem;
    min-height: 2rem;
    margin: 0;
    padding: 0;
    border: 0;
    background: transparent;
    accent-color: var(--_accent);
  }
  .time {
    /* "position / length" in that order, as the slider beside it. */
    direction: ltr;
    unicode-bidi: isolate;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
    color: var(--_muted);
  }
  select {
    min-height: 2rem;
    padding-block: 0;
  }
  a.button {
    display: inline-flex;
    align-items: center;
    min-height: 2rem;
    box-sizing: border-box;
    padding: calc(var(--_space) * 0.5) var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface-raised);
    color: var(--_text);
    text-decoration: none;
  }
  a.button:hover,
  button:hover:not(:disabled) {
    border-color: var(--_accent);
  }
  .manual {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) * 0.5);
  }
  .manual input {
    flex: 1 1 12rem;
    min-width: 0;
  }
  .problem {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) * 0.5) var(--_space);
    padding-inline-start: var(--_space);
    border-inline-start: 4px solid var(--_danger);
  }
  .problem .text {
    font-weight: 600;
  }

  /* The list of calls */
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  .row {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    align-items: center;
    column-gap: var(--_space);
    padding: calc(var(--_space) * 0.5) var(--_space);
    border-radius: var(--_radius);
    border-inline-start: 3px solid transparent;
  }
  .row[aria-current='true'] {
    background: var(--_surface-raised);
    border-inline-start-color: var(--_accent);
  }
  .row .call,
  .row .state {
    grid-column: 1;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .row .id {
    font-variant-numeric: tabular-nums;
  }
  .row .state {
    font-size: 0.9em;
    color: var(--_muted);
  }
  .row .state[data-tone='ok'] {
    color: var(--_success);
  }
  .row .state[data-tone='bad'] {
    color: var(--_danger);
  }
  .row button {
    grid-column: 2;
    grid-row: 1 / span 2;
  }
  @media (forced-colors: active) {
    .row[aria-current='true'] {
      border-inline-start-color: Highlight;
    }
    .is-error,
    .problem {
      border-inline-start-color: CanvasText;
    }
  }
`;
