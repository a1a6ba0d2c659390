// The package's contents in dist/ (`npm run build:package`, also run by `npm pack`):
// JS and .d.ts per module of src/ (tsc, tsconfig.build.json) and src/'s own .d.ts files, the script-tag bundle,
// the autoloader with its modules, and the theme CSS files. The built demo (dist/demo, `vite build`) is left alone.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AUTOLOAD_DIR, buildAutoload } from './autoload.mjs';
import { BUNDLE_NAME, writeToolbarBundle } from './bundle.mjs';

// What an earlier build left (a module since deleted would otherwise ship).
if (existsSync('dist')) for (const entry of readdirSync('dist')) if (entry !== 'demo') rmSync(join('dist', entry), { recursive: true, force: true });

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
// Declaration files in src/ (the JSX types `npm run manifest` generates) are not emitted by tsc: copied beside their importers.
for (const file of readdirSync('src', { recursive: true }).map(String).filter((f) => f.endsWith('.d.ts'))) {
  mkdirSync(join('dist', dirname(file)), { recursive: true });
  copyFileSync(join('src', file), join('dist', file));
}
await writeToolbarBundle();
// The autoloader and its modules (dist/autoload/), also beside the built demo's legacy page when the demo is built.
await buildAutoload({ outdir: join('dist', AUTOLOAD_DIR) });
if (existsSync('dist/demo')) cpSync(join('dist', AUTOLOAD_DIR), join('dist/demo', AUTOLOAD_DIR), { recursive: true });

// The package's commands (package.json "bin"): each runs with Node from its shebang, executable.
const SHEBANG = '#!/usr/bin/env node\n';
for (const file of Object.values(JSON.parse(readFileSync('package.json', 'utf8')).bin ?? {})) {
  const text = readFileSync(file, 'utf8');
  if (!text.startsWith(SHEBANG)) writeFileSync(file, SHEBANG + text);
  chmodSync(file, 0o755);
}

const themes = 'src/themes';
const css = existsSync(themes) ? readdirSync(themes).filter((file) => file.endsWith('.css')) : [];
if (css.length) mkdirSync('dist/themes', { recursive: true });
for (const file of css) copyFileSync(join(themes, file), join('dist/themes', file));

console.log(`wrote dist/: modules with types, ${BUNDLE_NAME}, ${AUTOLOAD_DIR}/${css.length ? `, themes/${css.join(', themes/')}` : ''}`);
