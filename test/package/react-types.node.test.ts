/**
 * `jodo-toolbar/react` and `jodo-toolbar/svelte` (src/react.ts and src/svelte.ts
 * over the props custom-element-jsx-integration generates into
 * src/react-jsx.generated.d.ts, fitted by src/tag-props.ts) type every tag of
 * custom-elements.json in React 19 JSX and in Svelte 5 templates: each writable
 * property, each multi-word attribute and each event the manifest names, the
 * event handler with its event's class. A file written from the manifest is
 * typechecked; its `@ts-expect-error` lines only hold where the typings declare
 * the attribute or event, so one the typings miss fails here. (svelte-check on
 * a real component is in the packed-tarball test.)
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { analyzeManifest, elementsOf, type Declaration } from '../helpers/manifest.js';

const run = promisify(execFile);
let elements: Map<string, { declaration: Declaration; path: string }>;
let dir: string;

before(() => {
  elements = elementsOf(analyzeManifest().manifest);
  mkdirSync('.jodo', { recursive: true });
  dir = mkdtempSync(join('.jodo', 'react-types-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The JSX that uses everything the manifest says a tag has. */
function usesOf(tag: string, declaration: Declaration): string[] {
  const lines: string[] = [];
  const properties = (declaration.members ?? []).filter((m) => m.kind === 'field' && !m.static && !m.readonly && (m.privacy ?? 'public') === 'public');
  for (const { name } of properties) lines.push(`<${tag} ${name}={undefined} />;`);
  for (const { name } of (declaration.attributes ?? []).filter((a) => a.name.includes('-'))) {
    lines.push(`<${tag} ${name}="1" />;`, '// @ts-expect-error an attribute is text', `<${tag} ${name}={{}} />;`);
  }
  for (const { name } of declaration.events ?? []) {
    lines.push(
      `<${tag} on${name}={(event: GlobalEventHandlersEventMap['${name}']) => event} />;`,
      `// @ts-expect-error ${name} is not a KeyboardEvent`,
      `<${tag} on${name}={(event: KeyboardEvent) => event.key} />;`,
    );
  }
  return lines;
}

/** Typechecks `check` (a file named `file`) in the scratch folder: tsc's output, empty when it passes. */
async function typecheck(file: string, check: string): Promise<string> {
  writeFileSync(join(dir, file), check);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, jsx: 'react-jsx', target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        types: [], experimentalDecorators: true, useDefineForClassFields: false, skipLibCheck: true,
      },
      files: [file],
    }),
  );
  const result = await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', join(dir, 'tsconfig.json')]).catch((error: { stdout: string }) => ({ stdout: error.stdout || String(error) }));
  return result.stdout;
}

/** The same uses as Svelte attributes: each an object checked against the tag's entry in `SvelteHTMLElements`. */
function svelteUsesOf(tag: string, declaration: Declaration): string[] {
  const lines: string[] = [];
  const use = (props: string) => `({ ${props} }) satisfies SvelteHTMLElements['${tag}'];`;
  const properties = (declaration.members ?? []).filter((m) => m.kind === 'field' && !m.static && !m.readonly && (m.privacy ?? 'public') === 'public');
  for (const { name } of properties) lines.push(use(`'${name}': undefined`));
  for (const { name } of (declaration.attributes ?? []).filter((a) => a.name.includes('-'))) {
    lines.push(use(`'${name}': '1'`), '// @ts-expect-error an attribute is text', use(`'${name}': {}`));
  }
  for (const { name } of declaration.events ?? []) {
    lines.push(
      use(`'on${name}': (event: GlobalEventHandlersEventMap['${name}']) => event`),
      `// @ts-expect-error ${name} is not a KeyboardEvent`,
      use(`'on${name}': (event: KeyboardEvent) => event.key`),
    );
  }
  return lines;
}

describe('jodo-toolbar/svelte', () => {
  it("declares every tag, property, attribute and event of custom-elements.json in svelte/elements' SvelteHTMLElements", async () => {
    const check = [
      `import type {} from '${relative(dir, 'src/svelte.js')}';`,
      `import type { SvelteHTMLElements } from 'svelte/elements';`,
      `import type { JodoSvelteElements } from '${relative(dir, 'src/svelte.js')}';`,
      `export const tags: Record<keyof JodoSvelteElements, true> = { ${[...elements.keys()].map((tag) => `'${tag}': true`).join(', ')} };`,
      'export function uses() {',
      ...[...elements].flatMap(([tag, { declaration }]) => svelteUsesOf(tag, declaration)),
      // Svelte's own attributes stay: class, id, aria-*.
      `({ class: 'bar', id: 'x', 'aria-label': 'Toolbar', dock: 'top' }) satisfies SvelteHTMLElements['jodo-toolbar'];`,
      `({ dock: null, dispositions: null }) satisfies SvelteHTMLElements['jodo-toolbar'];`,
      "// @ts-expect-error dock is '', 'bottom' or 'top'",
      `({ dock: 'sideways' }) satisfies SvelteHTMLElements['jodo-toolbar'];`,
      '}',
    ].join('\n');
    assert.equal(await typecheck('check.ts', check), '', check);
  });
});

describe('jodo-toolbar/react', () => {
  it('declares every tag, property, attribute and event of custom-elements.json with its type', async () => {
    assert.ok(elements.size >= 7);
    assert.ok([...elements.values()].some(({ declaration }) => declaration.events?.length), 'the manifest names events');
    const source = relative(dir, 'src/react.js');
    const check = [
      `import type { JodoIntrinsicElements } from '${source}';`,
      // Exactly the manifest's tags: a missing or an extra one is an error.
      `export const tags: Record<keyof JodoIntrinsicElements, true> = { ${[...elements.keys()].map((tag) => `'${tag}': true`).join(', ')} };`,
      'export function uses() {',
      ...[...elements].flatMap(([tag, { declaration }]) => usesOf(tag, declaration)),
      '}',
    ].join('\n');
    assert.equal(await typecheck('check.tsx', check), '', check);
  });
});
