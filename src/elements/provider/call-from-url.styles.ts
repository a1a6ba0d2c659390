/** The look of the notice <jodo-provider call-from-url> shows when it refuses a call in the address. */
import { css } from 'lit';

/**
 * The notice of `<jodo-provider call-from-url>` (added to the provider's own
 * styles when its reader loads). The provider has no theme (`styles/theme.ts`
 * would put every design token in every page's provider for a notice few
 * pages show): the notice reads the page's public `--jodo-*` knobs directly,
 * with the theme's light defaults, and the system's colours (which follow the
 * page's colour scheme) for its text and background.
 */
export const noticeStyles = css`
  [part='notice'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--jodo-space, 0.5rem);
    margin-block: var(--jodo-space, 0.5rem);
    padding: var(--jodo-space, 0.5rem);
    font-family: var(--jodo-font, system-ui, sans-serif);
    font-size: var(--jodo-font-size, 0.875rem);
    color: var(--jodo-text, CanvasText);
    background: var(--jodo-surface, Canvas);
    border: 1px solid var(--jodo-danger, #b42318);
    border-inline-start-width: 4px;
    border-radius: var(--jodo-radius, 6px);
  }
  [part='notice'] p {
    flex: 1 1 16rem;
    margin: 0;
  }
  [part='dismiss'] {
    font: inherit;
  }
`;
