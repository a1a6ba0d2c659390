/**
 * How the provider's stand-in (lazy-outbox.ts) gets the outbox: a module of
 * its own with a bundler, fetched once the page has started. The script-tag
 * bundle, one file, uses outbox-loader.script-tag.ts instead (scripts/bundle.mjs
 * swaps them): an iife cannot split, and a dynamic import in it would only
 * wrap the same code.
 */
export const loadOutbox = () => import('./outbox.js');
