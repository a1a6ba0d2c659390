/**
 * The demo as `npm run build` builds it, into a folder of the caller's (dist/
 * belongs to `npm run build` and the pack test), and served by Vite's preview
 * as `npm run preview` serves it: for the preview test and the page benchmarks,
 * which measure what users get rather than the dev server.
 */
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
// @ts-expect-error: a plain .mjs build script without types
import { AUTOLOAD_DIR, buildAutoload } from '../../scripts/autoload.mjs';
// @ts-expect-error: a plain .mjs build script without types
import { BUNDLE_NAME, buildLocaleFiles, buildToolbarBundle } from '../../scripts/bundle.mjs';

/** Builds the demo into `outDir`, with the script tag, its languages and the autoloader beside it (scripts/build-package.mjs). */
export async function buildDemo(outDir: string): Promise<void> {
  await build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  await buildToolbarBundle({ outfile: join(outDir, BUNDLE_NAME) });
  await buildLocaleFiles({ outdir: outDir });
  await buildAutoload({ outdir: join(outDir, AUTOLOAD_DIR) });
}

/** Serves a build of `buildDemo` through the gateway and the sandbox (vite.config.ts), on a free port; its origin. */
export async function previewDemo(outDir: string): Promise<{ server: PreviewServer; origin: string }> {
  const server = await preview({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir }, preview: { port: 0, strictPort: false } });
  return { server, origin: server.resolvedUrls!.local[0]!.replace(/\/$/, '') };
}

/** A call to the sandbox's control API of a served demo (`/sandbox/calls`, `/sandbox/agents/state`), from Node. */
export async function sandboxControl(origin: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}
