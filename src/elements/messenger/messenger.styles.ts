/** <jodo-messenger>'s own look, after the theme's tokens (styles/theme.ts) and the panel look (styles/panel.ts). */
import { css } from 'lit';

export const messengerStyles = css`
  h2 {
    font-size: 1em;
    margin: 0;
  }
  p {
    margin: 0;
  }
  .field {
    display: grid;
    gap: 0.25rem;
  }
  label {
    font-weight: 600;
  }
  fieldset label {
    font-weight: normal;
    margin-inline-end: var(--_space);
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) * 0.5);
  }
  textarea {
    font-family: ui-monospace, monospace;
    resize: vertical;
    width: 100%;
  }
  .hint,
  .process {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .error {
    color: var(--_danger);
  }
  .notice {
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    padding: var(--_space);
  }
  .counts {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .counts li {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 0.5) var(--_space);
  }
  .count {
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .counts .problem {
    border-color: var(--_danger);
  }
  .counts .called {
    border-color: var(--_success);
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  caption {
    text-align: start;
    font-weight: 600;
  }
  th,
  td {
    text-align: start;
    padding: calc(var(--_space) * 0.25) calc(var(--_space) * 0.5);
    border-block-end: 1px solid var(--_border);
    vertical-align: top;
  }
  tr.bad td:last-child,
  tr.problem td:last-child {
    color: var(--_danger);
  }
`;
