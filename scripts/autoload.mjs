// The autoloader and the element modules it loads (`dist/autoload/`): for pages without a build step that
// want to pay only for the elements they show. `jodo-autoloader.js` is a classic script; beside it, one ES
// module per element (`jodo-status.js`, named by its tag) and the chunks they share (`chunks/`, named by
// their content's hash, so a host may cache them for good). `npm run build` writes it; the dev server
// (vite.config.ts) serves it built fresh. The single-file bundle (bundle.mjs) stays for those who want one file.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { CLASSIC_SCRIPT } from './bundle.mjs';

export const AUTOLOAD_DIR = 'autoload';
export const AUTOLOADER_NAME = 'jodo-autoloader.js';

/** Every element the autoloader can load: one per define module (src/define/jodo-*.ts), named by its tag. */
export const AUTOLOAD_TAGS = readdirSync(new URL('../src/define', import.meta.url))
  .filter((file) => /^jodo-[a-z-]+\.ts$/.test(file))
  .map((file) => file.replace(/\.ts$/, ''))
  .sort();

/**
 * A define module loaded by the autoloader registers its own element only: the side-effect imports of other
 * define modules (`<jodo-toolbar>`'s of the six it renders) are left out, since the autoloader finds those
 * tags in the element's shadow root and loads each when it first appears there.
 */
const ownElementOnly = {
  name: 'own-element-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]define[\\/]jodo-[a-z-]+\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replace(/^import '\.\/jodo-[a-z-]+\.js';$/gm, ''), loader: 'ts' };
    });
  },
};

/**
 * Builds the loader and the modules; with `outdir` they are written there (what was there before is replaced),
 * else returned as a map from path (relative to the loader) to text. With `metafile` (the size benchmark's
 * breakdown) it returns `{ files, metafile }`, the metafile of the modules' build.
 */
export async function buildAutoload({ outdir, metafile = false } = {}) {
  const loader = await build({
    ...CLASSIC_SCRIPT,
    entryPoints: ['src/autoloader/autoloader.ts'],
    define: { JODO_AUTOLOAD_TAGS: JSON.stringify(AUTOLOAD_TAGS) },
    write: false,
  });
  const modules = await build({
    entryPoints: Object.fromEntries(AUTOLOAD_TAGS.map((tag) => [tag, `src/define/${tag}.ts`])),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2021',
    minify: true,
    legalComments: 'none',
    tsconfig: 'tsconfig.json',
    chunkNames: 'chunks/[name]-[hash]',
    outdir: 'autoload',
    plugins: [ownElementOnly],
    metafile,
    write: false,
    logLevel: 'silent',
  });
  const files = new Map([[AUTOLOADER_NAME, loader.outputFiles[0].text]]);
  for (const file of modules.outputFiles) files.set(relative(join(process.cwd(), 'autoload'), file.path).split('\\').join('/'), file.text);
  if (metafile) return { files, metafile: modules.metafile };
  if (!outdir) return files;
  rmSync(outdir, { recursive: true, force: true });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(outdir, path)), { recursive: true });
    writeFileSync(join(outdir, path), text);
  }
  return files;
}

/**
 * The files a page fetches before the elements `tags` are defined: the loader, their modules and every
 * chunk those import statically (not the ones imported on first use). For the size budget (.size-limit.js).
 */
export function filesBefore(files, tags) {
  const needed = new Set([AUTOLOADER_NAME]);
  const visit = (path) => {
    if (needed.has(path) && path !== AUTOLOADER_NAME) return;
    needed.add(path);
    const text = files.get(path);
    if (text === undefined) throw new Error(`${path} is not in the autoloader's build`);
    for (const [, spec] of text.matchAll(/(?:\bfrom|\bimport)\s*["'](\.\.?\/[^"']+)["']/g)) visit(join(dirname(path), spec).split('\\').join('/'));
  };
  for (const tag of tags) visit(`${tag}.js`);
  return [...needed];
}

/** What `buildAutoload({ outdir })` wrote in `dir`, as the map it returns (empty when nothing was built there). */
export function readAutoload(dir) {
  if (!existsSync(dir)) return new Map();
  const files = readdirSync(dir, { recursive: true }).map(String).filter((file) => file.endsWith('.js'));
  return new Map(files.map((file) => [file.split('\\').join('/'), readFileSync(join(dir, file), 'utf8')]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = await buildAutoload({ outdir: `dist/${AUTOLOAD_DIR}` });
  console.log(`wrote dist/${AUTOLOAD_DIR}/: ${AUTOLOADER_NAME}, ${AUTOLOAD_TAGS.length} elements, ${[...files.keys()].filter((f) => f.startsWith('chunks/')).length} chunks`);
}
