/** <jodo-diagnostics>'s own look, after the theme's tokens (styles/theme.ts) and the panel look (styles/panel.ts). */
import { css } from 'lit';

export const diagnosticsStyles = css`
  [part='base'] {
    gap: calc(var(--_space) * 0.5);
    background: var(--_surface-raised);
  }
  h2,
  h3,
  p,
  dl,
  ul {
    margin: 0;
  }
  h2 {
    font-size: 1.1em;
  }
  h3 {
    font-size: 1em;
    margin-block-start: calc(var(--_space) * 0.5);
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: calc(var(--_space) * 0.25) var(--_space);
  }
  dd {
    margin: 0;
  }
  ul {
    padding-inline-start: 1.2em;
  }
  .why {
    color: var(--_muted);
  }
  .warning {
    color: var(--_danger);
    font-weight: 600;
  }
  table {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    padding: 0.1em 0.6em;
    text-align: start;
    border-block-end: 1px solid var(--_border);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  textarea {
    font: inherit;
    font-family: monospace;
    inline-size: 100%;
    box-sizing: border-box;
  }
`;
