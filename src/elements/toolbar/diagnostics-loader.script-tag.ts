/**
 * The script-tag bundle's `<jodo-diagnostics>` loader, in place of
 * diagnostics-loader.ts (scripts/bundle.mjs swaps them): the classic script
 * registers every element anyway, so it is imported statically.
 */
import * as diagnostics from '../../define/jodo-diagnostics.js';

export const loadDiagnostics = () => Promise.resolve(diagnostics);
