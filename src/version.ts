/**
 * The package's version, as `package.json` has it: what `<jodo-diagnostics>` and its support
 * report name. `test/package/version.node.test.ts` keeps the two in step (bump both, or the test fails).
 */
export const VERSION = '0.1.0';
