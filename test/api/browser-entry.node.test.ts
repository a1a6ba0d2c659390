/**
 * The browser-bound entry must stay browser-safe: no Node-only module (the
 * sandbox, better-sqlite3, node:*) and nothing a strict CSP blocks
 * (`new Function`, `eval`), since CRM pages embed us under their own CSP.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from 'esbuild';

test('src/index.ts bundles for the browser without Node-only modules or eval', async () => {
  const result = await build({
    entryPoints: ['src/index.ts'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: false,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((f) => f.startsWith('src/api/')), 'the client is in the bundle');
  assert.deepEqual(inputs.filter((f) => f.startsWith('src/server/') || f.includes('better-sqlite3') || f.startsWith('node:')), []);
  const code = result.outputFiles[0]!.text;
  assert.doesNotMatch(code, /\bFunction\s*\(|allowsEval/);
  assert.doesNotMatch(code, /(^|[^.\w])eval\s*\(/m);
});
