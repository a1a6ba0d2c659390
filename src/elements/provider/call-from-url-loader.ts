/**
 * How `<jodo-provider>` gets `call-from-url`'s reader: a chunk of its own
 * (an app's bundler splits it off), fetched the first time a provider has
 * `call-from-url`, so pages without it never download it. A same-origin
 * `import()` passes `script-src 'self'`. The script-tag bundle uses
 * call-from-url-loader.script-tag.ts instead (scripts/bundle.mjs swaps them).
 */
export const loadUrlCallReader = () => import('./call-from-url.js');
