/**
 * Each target language's messages, loaded when first chosen: a module of its
 * own with a bundler. The script-tag bundle uses locale-loaders.script-tag.ts
 * in its place (scripts/bundle.mjs). A language added to lit-localize.json
 * without a line here fails the typecheck.
 */
import type { targetLocales } from './locale-codes.js';

export type TargetLocale = (typeof targetLocales)[number];

/** What a language's module holds: @lit/localize's generated `templates`. */
export type LocaleModule = { templates: Record<string, unknown> };

export const LOADERS = {
  hi: () => import('./locales/hi.js'),
  ar: () => import('./locales/ar.js'),
} satisfies Record<TargetLocale, () => Promise<LocaleModule>>;
