import { css } from 'lit';

export const providerStyles = css`
  /* No box of its own; what it holds keeps the page's own font and colour (the theme is for the notice only). */
  :host {
    display: contents;
    font: inherit;
    color: inherit;
    color-scheme: inherit;
  }
  [part='notice'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    margin-block: var(--_space);
    padding: var(--_space);
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_danger);
    border-inline-start-width: 4px;
    border-radius: var(--_radius);
  }
  [part='notice'] p {
    flex: 1 1 16rem;
    margin: 0;
  }
`;
