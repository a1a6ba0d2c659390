import { AGENT_STATES, type AgentState } from '../api/codes.js';

/**
 * One public design token: a `--jodo-*` custom property a host page sets on
 * any ancestor of the elements (or loads from a theme file), and its
 * defaults in the light and the dark scheme. What it styles is said in
 * `token-docs.ts`, which no page loads.
 */
export interface DesignToken {
  readonly name: `--jodo-${string}`;
  readonly light: string;
  /** The dark scheme's default; the light one when absent. */
  readonly dark?: string;
}

/**
 * The one list of design tokens. The elements' styles (`theme.ts`), the theme
 * files (`src/themes/*.css`), `custom-elements.json`, the docs page and the
 * README's table all come from it (with `token-docs.ts`, which fails the
 * manifest's build for a token it does not describe), so a token cannot be
 * documented and missing, or used and undocumented.
 */
export const BASE_TOKENS: readonly DesignToken[] = [
  { name: '--jodo-font', light: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" },
  { name: '--jodo-font-size', light: '0.875rem' },
  { name: '--jodo-space', light: '0.5rem' },
  { name: '--jodo-radius', light: '6px' },
  { name: '--jodo-surface', light: '#ffffff', dark: '#1b1f27' },
  { name: '--jodo-surface-raised', light: '#f4f6fa', dark: '#252a35' },
  { name: '--jodo-text', light: '#1d2433', dark: '#e8ebf1' },
  { name: '--jodo-muted', light: '#545d6e', dark: '#a9b1c1' },
  { name: '--jodo-border', light: '#7d8696', dark: '#737c8f' },
  { name: '--jodo-accent', light: '#1746a2', dark: '#8fb2ff' },
  { name: '--jodo-on-accent', light: '#ffffff', dark: '#0b1430' },
  { name: '--jodo-danger', light: '#b42318', dark: '#ff9b91' },
  { name: '--jodo-success', light: '#0b6b30', dark: '#79d49a' },
  { name: '--jodo-focus-ring', light: '#1a5fd6', dark: '#8fb2ff' },
  { name: '--jodo-on-state', light: '#1d2433' },
  { name: '--jodo-shadow', light: '0 -2px 12px rgb(0 0 0 / 12%)', dark: '0 -2px 12px rgb(0 0 0 / 60%)' },
  { name: '--jodo-board-height', light: '28rem' },
  { name: '--jodo-color-scheme', light: 'light dark' },
];

const STATE_DEFAULTS: Record<AgentState, string> = {
  1: '#7ed99b',
  2: '#9cc3ff',
  3: '#b9b5ff',
  4: '#8fd3f5',
  5: '#6fb2ff',
  6: '#ffb38a',
  7: '#ffd866',
  8: '#a6e3e9',
  9: '#e0b3ff',
  10: '#f7b3d9',
  11: '#ff9f9f',
};

/** `Manual Call` -> `manual-call`: the token's name for a state of the codes table. */
export const stateSlug = (state: AgentState): string => AGENT_STATES[state].toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** Colours of the eleven agent states (the codes table's names), and of a state not known yet. */
export const STATE_TOKENS: readonly (DesignToken & { readonly state?: AgentState })[] = [
  ...(Object.keys(AGENT_STATES).map(Number) as AgentState[]).map((state) => ({
    name: `--jodo-state-${stateSlug(state)}` as const,
    light: STATE_DEFAULTS[state],
    state,
  })),
  { name: '--jodo-state-unknown', light: '#d5d9e0' },
];

/** `--jodo-focus-ring` -> `--_focus-ring`: the private property an element's styles read. */
export const privateName = (token: DesignToken): string => `--_${token.name.slice('--jodo-'.length)}`;
