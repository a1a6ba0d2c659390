// The self-contained script-tag bundle of every element and the client, for
// legacy portals: one classic <script src>, no build step on the page.
// `npm run build` writes it; the dev server (vite.config.ts) serves it fresh.
import { build } from 'esbuild';

export const BUNDLE_NAME = 'jodo-toolbar.js';

/** Builds the bundle; with `outfile` it is written there, else returned as text. */
export async function buildToolbarBundle({ outfile } = {}) {
  const result = await build({
    entryPoints: ['src/define/index.ts'],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2021',
    minify: true,
    legalComments: 'none',
    // A portal may load the script twice (its own tag and a widget's copy). A second copy of Lit would
    // fail to create its Trusted Types policy under a strict CSP and throw: the second copy does nothing.
    // (The function keeps the bundle in strict mode: a directive inside a plain block would not.)
    banner: {
      js: "if(typeof customElements!=='undefined'&&customElements.get('jodo-toolbar')){console.warn('The Jodo toolbar script is already loaded on this page; this copy does nothing.')}else(function(){'use strict';",
    },
    footer: { js: '})();' },
    tsconfig: 'tsconfig.json',
    write: Boolean(outfile),
    ...(outfile ? { outfile } : {}),
    logLevel: 'silent',
  });
  return outfile ? undefined : result.outputFiles[0].text;
}

/** Writes `dist/jodo-toolbar.js`, and a copy beside the built demo's legacy page when the demo is built. */
export async function writeToolbarBundle() {
  const { mkdirSync, copyFileSync, existsSync } = await import('node:fs');
  mkdirSync('dist', { recursive: true });
  await buildToolbarBundle({ outfile: `dist/${BUNDLE_NAME}` });
  if (existsSync('dist/demo')) copyFileSync(`dist/${BUNDLE_NAME}`, `dist/demo/${BUNDLE_NAME}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeToolbarBundle();
  console.log(`wrote dist/${BUNDLE_NAME}`);
}
