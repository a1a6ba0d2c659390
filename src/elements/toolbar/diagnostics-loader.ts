/**
 * How `<jodo-toolbar>` gets `<jodo-diagnostics>`: a chunk of its own (an app's
 * bundler splits it off), fetched the first time the agent opens the
 * diagnostics from the help popover, so a toolbar never opened for support
 * never downloads it. The script-tag bundle uses diagnostics-loader.script-tag.ts
 * instead (scripts/bundle.mjs swaps them).
 */
export const loadDiagnostics = () => import('../../define/jodo-diagnostics.js');
