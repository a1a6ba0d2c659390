/** <jodo-outbox>'s own look, after the theme's tokens (styles/theme.ts) and the panel look (styles/panel.ts). */
import { css } from 'lit';

export const outboxStyles = css`
  :host([empty]) {
    display: contents;
  }
  [part='base'] {
    gap: calc(var(--_space) * 0.5);
    padding: calc(var(--_space) * 0.5) var(--_space);
    background: var(--_surface-raised);
  }
  p {
    margin: 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }
  .why {
    color: var(--_muted);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) * 0.5);
  }
  [part='refused'] .what {
    font-weight: 600;
    color: var(--_danger);
  }
  @media (forced-colors: active) {
    [part='base'] {
      border-color: CanvasText;
    }
  }
`;
