/**
 * The script-tag bundle's `call-from-url` loader, in place of
 * call-from-url-loader.ts (scripts/bundle.mjs swaps them). A classic script is
 * one file, so the reader is in it either way; imported statically, it costs
 * only its own code (an `import()` inlined by esbuild would wrap every module
 * it shares with the rest, Lit and zod among them, in a lazy initialiser).
 */
import * as reader from './call-from-url.js';

export const loadUrlCallReader = () => Promise.resolve(reader);
