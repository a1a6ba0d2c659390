/**
 * What each design token styles, for the manifest (and from it the docs page,
 * the editors' data and the README's table). Apart from `tokens.ts` so that no
 * page downloads these sentences: the elements need only names and defaults.
 */
import { AGENT_STATES } from '../api/codes.js';
import type { DesignToken } from './tokens.js';

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  '--jodo-font': 'Font family of every element.',
  '--jodo-font-size': 'Base font size; everything else scales with it.',
  '--jodo-space': 'The spacing unit (gaps and padding are multiples of it).',
  '--jodo-radius': 'Corner radius of panels, fields and buttons.',
  '--jodo-surface': 'Background of panels and fields.',
  '--jodo-surface-raised': 'Background of buttons, headers and raised areas.',
  '--jodo-text': 'Text colour.',
  '--jodo-muted': 'Secondary text (hints, times, counts).',
  '--jodo-border': 'Borders of fields, buttons and panels.',
  '--jodo-accent': 'Primary buttons, links, the current row and filled values: the brand colour.',
  '--jodo-on-accent': 'Text on the accent colour.',
  '--jodo-danger': 'Errors and refusals.',
  '--jodo-success': 'Confirmations (saved, sent).',
  '--jodo-focus-ring': 'The keyboard focus outline.',
  '--jodo-on-state': 'Text on the agent-state colours (each state default passes 4.5:1 with it).',
  '--jodo-shadow': 'Shadow of the docked toolbar.',
  '--jodo-board-height': 'Height of the team board\'s list of agents, which scrolls within it (only the rows in view are in the page); `none` lets the page scroll and puts every row in the page.',
  '--jodo-color-scheme': 'The `color-scheme` of native controls inside the elements (audio, date pickers, scroll bars).',
  '--jodo-state-unknown': 'Colour while the agent state is not known.',
};

/** What `token` styles; throws for a token nobody described, so the manifest cannot be built without it. */
export function describeToken(token: DesignToken & { readonly state?: keyof typeof AGENT_STATES }): string {
  if (token.state !== undefined) return `Colour of the agent state ${AGENT_STATES[token.state]} (${token.state}).`;
  const description = DESCRIPTIONS[token.name];
  if (!description) throw new Error(`${token.name} has no description in src/styles/token-docs.ts`);
  return description;
}
