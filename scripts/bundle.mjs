// The self-contained script-tag bundle of every element and the client, for
// legacy portals: one classic <script src>, no build step on the page.
// `npm run build` writes it; the dev server (vite.config.ts) serves it fresh.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const BUNDLE_NAME = 'jodo-toolbar.js';
/** The languages beside the bundle (`jodo-toolbar.hi.js`), from lit-localize.json: one source of truth. */
export const BUNDLE_LOCALES = JSON.parse(readFileSync(new URL('../lit-localize.json', import.meta.url), 'utf8')).targetLocales;
/** `jodo-toolbar.hi.js` for `hi`: what locale-loaders.script-tag.ts imports. */
export const localeFileName = (locale) => BUNDLE_NAME.replace(/\.js$/, `.${locale}.js`);

/**
 * The script tag's own loaders, each `x.script-tag.ts` beside the `x.ts` it replaces: it loads each
 * language from beside itself instead of inlining all of them, and has call-from-url's reader, <jodo-diagnostics>, the
 * client's schemas, the outbox and the event stream's reader inlined.
 */
const scriptTagLoaders = {
  name: 'script-tag-loaders',
  setup(b) {
    b.onResolve({ filter: /\/(locale-loaders|call-from-url-loader|diagnostics-loader|schemas-loader|outbox-loader|status-stream-loader)\.js$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace(/\.js$/, '.script-tag.ts')),
    }));
  },
};

/**
 * A language's messages as a module of its own: its `templates` are Lit's and
 * @lit/localize's plain template objects, made here by the same few lines as
 * theirs so the file does not carry a second copy of Lit (the bundle's Lit
 * renders them: `_$litType$` results are Lit's interchange format).
 */
const templateTagShims = {
  name: 'template-tag-shims',
  setup(b) {
    b.onResolve({ filter: /^(lit|@lit\/localize)$/ }, (args) => ({ path: args.path, namespace: 'shim' }));
    b.onLoad({ filter: /.*/, namespace: 'shim' }, (args) => ({
      contents:
        args.path === 'lit'
          ? 'export const html = (strings, ...values) => ({ _$litType$: 1, strings, values });'
          : 'export const str = (strings, ...values) => ({ strTag: true, strings, values });',
      loader: 'js',
    }));
  },
};

/** Builds `jodo-toolbar.<locale>.js` for each language; with `outdir` they are written there, else returned by file name. */
export async function buildLocaleFiles({ outdir } = {}) {
  const files = {};
  for (const locale of BUNDLE_LOCALES) {
    const result = await build({
      entryPoints: [`src/i18n/locales/${locale}.ts`],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2021',
      minify: true,
      legalComments: 'none',
      plugins: [templateTagShims],
      write: Boolean(outdir),
      ...(outdir ? { outfile: `${outdir}/${localeFileName(locale)}` } : {}),
      logLevel: 'silent',
    });
    if (!outdir) files[localeFileName(locale)] = result.outputFiles[0].text;
  }
  return files;
}

/** How every classic script is built: the toolbar's, and the bare Lit element benchmarks compare it with. */
export const CLASSIC_SCRIPT = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2021',
  minify: true,
  legalComments: 'none',
  tsconfig: 'tsconfig.json',
  logLevel: 'silent',
};

/** Any entry as a classic script built the toolbar's way, as text (benchmarks' references). */
export async function buildClassicScript(entry) {
  const result = await build({ ...CLASSIC_SCRIPT, entryPoints: [entry], write: false });
  return result.outputFiles[0].text;
}

/**
 * Builds the bundle; with `outfile` it is written there, else returned as text.
 * With `sourcemap` or `metafile` (benchmarks' profiles and size breakdown) it
 * returns `{ text, map, metafile }` instead.
 */
export async function buildToolbarBundle({ outfile, sourcemap = false, metafile = false, plugins = [] } = {}) {
  const result = await build({
    ...CLASSIC_SCRIPT,
    entryPoints: ['src/define/index.ts'],
    // A portal may load the script twice (its own tag and a widget's copy). A second copy of Lit would
    // fail to create its Trusted Types policy under a strict CSP and throw: the second copy does nothing.
    // (The function keeps the bundle in strict mode: a directive inside a plain block would not.)
    banner: {
      js: "if(typeof customElements!=='undefined'&&customElements.get('jodo-toolbar')){console.warn('The Jodo toolbar script is already loaded on this page; this copy does nothing.')}else(function(){'use strict';",
    },
    footer: { js: '})();' },
    // `plugins`: a benchmark's variant of the bundle (bench/team-board.ts); none in the product's own builds.
    plugins: [scriptTagLoaders, ...plugins],
    metafile,
    write: Boolean(outfile),
    ...(outfile ? { outfile } : sourcemap ? { outfile: BUNDLE_NAME, sourcemap: 'external' } : {}),
  });
  if (outfile) return undefined;
  if (!sourcemap && !metafile) return result.outputFiles[0].text;
  const file = (suffix) => result.outputFiles.find((f) => f.path.endsWith(suffix))?.text;
  return { text: sourcemap ? file('.js') : result.outputFiles[0].text, map: sourcemap ? file('.js.map') : undefined, metafile: result.metafile };
}

/** Writes `dist/jodo-toolbar.js` and its languages, and copies beside the built demo's legacy page when the demo is built. */
export async function writeToolbarBundle() {
  const { mkdirSync, copyFileSync, existsSync } = await import('node:fs');
  mkdirSync('dist', { recursive: true });
  await buildToolbarBundle({ outfile: `dist/${BUNDLE_NAME}` });
  await buildLocaleFiles({ outdir: 'dist' });
  const files = [BUNDLE_NAME, ...BUNDLE_LOCALES.map(localeFileName)];
  if (existsSync('dist/demo')) for (const file of files) copyFileSync(`dist/${file}`, `dist/demo/${file}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeToolbarBundle();
  console.log(`wrote dist/${BUNDLE_NAME} and ${BUNDLE_LOCALES.map(localeFileName).join(', ')}`);
}
