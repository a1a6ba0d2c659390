/**
 * The script-tag bundle's locale loaders, in place of locale-loaders.ts
 * (scripts/bundle.mjs swaps them). A classic script cannot be split, and
 * inlining every language would more than double what each page downloads:
 * each language is a module beside the script instead (`jodo-toolbar.js` ->
 * `jodo-toolbar.hi.js`), imported from the script's own address when first
 * chosen. A same-origin `import()` passes `script-src 'self'`, and Trusted
 * Types do not apply to it.
 */
import type { LocaleModule, TargetLocale } from './locale-loaders.js';

// Read while the script runs: `document.currentScript` is only set then.
const script = typeof document === 'undefined' ? null : (document.currentScript as HTMLScriptElement | null);
const scriptUrl = script?.src || undefined;

function load(locale: TargetLocale): () => Promise<LocaleModule> {
  return () => {
    if (!scriptUrl) return Promise.reject(new Error('the Jodo toolbar script has no address of its own (it was not loaded by <script src>)'));
    const url = new URL(scriptUrl);
    url.pathname = url.pathname.replace(/(\.js)?$/, `.${locale}.js`);
    return import(/* @vite-ignore */ url.href) as Promise<LocaleModule>;
  };
}

export const LOADERS = {
  hi: load('hi'),
  ar: load('ar'),
} satisfies Record<TargetLocale, () => Promise<LocaleModule>>;
