/**
 * The custom elements manifest (`npm run manifest`) describes every element the toolbar
 * registers, and every part its templates expose is documented (a part is public API:
 * pages style it).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { SCHEMES, themeCss, themePath } from '../../scripts/themes.js';
import { BASE_TOKENS, STATE_TOKENS } from '../../src/styles/tokens.js';
import { analyzeManifest, elementsOf, type Declaration, type VsCodeCssData, type VsCodeData, type WebTypes } from '../helpers/manifest.js';

let vscodeData: VsCodeData;
let vscodeCss: VsCodeCssData;
let webTypes: WebTypes;
let jsxTypes: string;
let elements: Map<string, { declaration: Declaration; path: string }>;

before(() => {
  const run = analyzeManifest();
  ({ vscodeData, vscodeCss, webTypes, jsxTypes } = run);
  elements = elementsOf(run.manifest);
});

/** Tags the define entries register. */
function registeredTags(): string[] {
  return readdirSync('src/define')
    .filter((file) => file !== 'index.ts')
    .flatMap((file) => [...readFileSync(join('src/define', file), 'utf8').matchAll(/\.define\('([a-z-]+)'\)/g)].map((m) => m[1]!));
}

describe('custom-elements.json', () => {
  it('describes exactly the elements the define entries register, each with a summary', () => {
    assert.deepEqual([...elements.keys()].sort(), registeredTags().sort());
    for (const [tag, { declaration }] of elements) assert.ok(declaration.summary, `${tag} has a @summary`);
  });

  it('lists the attributes pages set, the provider\'s poll intervals included', () => {
    const provider = elements.get('jodo-provider')!.declaration.attributes!.map((a) => a.name);
    for (const name of ['endpoint', 'session-url', 'token-url', 'login', 'servicekey', 'poll-interval', 'idle-poll-interval', 'apikey']) assert.ok(provider.includes(name), name);
    assert.deepEqual(elements.get('jodo-status')!.declaration.attributes!.map((a) => a.name), ['login']);
  });

  it('names every event (none without a name)', () => {
    const events = (tag: string) => (elements.get(tag)!.declaration.events ?? []).map((e) => e.name);
    assert.deepEqual(events('jodo-disposition').sort(), ['jodo-disposition-saved', 'jodo-disposition-submit']);
    assert.deepEqual(events('jodo-status'), ['jodo-status-change']);
    for (const [tag, { declaration }] of elements) for (const event of declaration.events ?? []) assert.ok(event.name, `${tag}: an event without a name`);
  });

  it('documents every part the templates expose', () => {
    for (const [tag, { declaration, path }] of elements) {
      const source = readFileSync(path, 'utf8');
      const used = new Set([...source.matchAll(/\spart=["']?([a-z-]+)/g)].map((m) => m[1]!));
      const documented = new Set((declaration.cssParts ?? []).map((p) => p.name));
      for (const part of used) assert.ok(documented.has(part), `<${tag}> exposes part "${part}" without a @csspart`);
    }
  });

  it("documents every --jodo-* custom property an element's styles read, with a description", () => {
    const theme = readFileSync('src/styles/theme.ts', 'utf8');
    const tokensOf = (text: string) => [...text.matchAll(/var\((--jodo-[a-z0-9-]+)/g)].map((m) => m[1]!);
    // theme.ts reads the table's tokens through privateName(); the table is what it reads.
    assert.deepEqual(tokensOf(theme), [], 'theme.ts names no token by hand');
    for (const [tag, { declaration, path }] of elements) {
      const source = readFileSync(path, 'utf8');
      const stylesFile = path.replace(/\.ts$/, '.styles.ts');
      const styles = existsSync(stylesFile) ? readFileSync(stylesFile, 'utf8') : '';
      const used = new Set(tokensOf(styles));
      if (/styles = \[[^\]]*\btheme\b/.test(source)) for (const token of BASE_TOKENS) used.add(token.name);
      if (/styles = \[[^\]]*\bstateColours\b/.test(source)) for (const token of STATE_TOKENS) used.add(token.name);
      const documented = new Map((declaration.cssProperties ?? []).map((p) => [p.name, p.description]));
      for (const name of used) assert.ok(documented.get(name), `<${tag}> reads ${name} without documenting it`);
      for (const name of documented.keys()) assert.ok(used.has(name), `<${tag}> documents ${name}, which it does not read`);
    }
    assert.ok(elements.get('jodo-status')!.declaration.cssProperties!.some((p) => p.name === '--jodo-state-system-sent-na'));
  });

  it('gives VS Code every tag with its attributes and events, and literal attribute values as choices', () => {
    assert.equal(vscodeData.version, 1.1);
    assert.deepEqual(vscodeData.tags.map((t) => t.name).sort(), [...elements.keys()].sort());
    for (const tag of vscodeData.tags) {
      const declaration = elements.get(tag.name)!.declaration;
      assert.deepEqual(tag.attributes.map((a) => a.name), (declaration.attributes ?? []).map((a) => a.name), tag.name);
      for (const event of declaration.events ?? []) assert.ok(tag.description.includes(event.name), `${tag.name} describes ${event.name}`);
    }
    const dock = vscodeData.tags.find((t) => t.name === 'jodo-toolbar')!.attributes.find((a) => a.name === 'dock')!;
    assert.deepEqual(dock.values?.map((v) => v.name).sort(), ['bottom', 'top']);
    // Only string-literal unions are choices (no `DispositionMaster[]` offered as a value).
    const choices = vscodeData.tags.flatMap((t) => t.attributes.flatMap((a) => (a.values ?? []).map((v) => `${t.name} ${a.name}=${v.name}`)));
    assert.deepEqual(choices.sort(), ['jodo-toolbar dock=bottom', 'jodo-toolbar dock=top']);
  });

  it("gives VS Code's CSS editor every documented custom property", () => {
    const names = new Set(vscodeCss.properties.map((p) => p.name));
    for (const [tag, { declaration }] of elements) for (const property of declaration.cssProperties ?? []) assert.ok(names.has(property.name), `${tag}: ${property.name}`);
  });

  it('gives JetBrains IDEs (web-types.json, named by package.json) every tag with its attributes and events', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; 'web-types': string; files: string[] };
    assert.equal(pkg['web-types'], './web-types.json');
    assert.ok(pkg.files.includes('web-types.json'));
    assert.equal(webTypes.name, pkg.name);
    const tags = webTypes.contributions.html.elements;
    assert.deepEqual(tags.map((t) => t.name).sort(), [...elements.keys()].sort());
    for (const tag of tags) {
      const declaration = elements.get(tag.name)!.declaration;
      assert.deepEqual(tag.attributes.map((a) => a.name), (declaration.attributes ?? []).map((a) => a.name), tag.name);
      assert.deepEqual(tag.js.events.map((e) => e.name), (declaration.events ?? []).map((e) => e.name), tag.name);
    }
  });

  it('src/react-jsx.generated.d.ts is what `npm run manifest` generates now (run it after changing an element)', () => {
    assert.equal(readFileSync('src/react-jsx.generated.d.ts', 'utf8'), jsxTypes);
  });
});

describe('theme files', () => {
  it('are what `npm run themes` writes from the token table (no hand edits, no drift)', () => {
    for (const scheme of SCHEMES) assert.equal(readFileSync(themePath(scheme), 'utf8'), themeCss(scheme), `src/themes/${scheme}.css: run npm run themes`);
  });

  it('set every colour token that has a dark default, and the colour scheme of native controls', () => {
    const dark = themeCss('dark');
    for (const token of BASE_TOKENS.filter((t) => t.dark)) assert.ok(dark.includes(`${token.name}: ${token.dark};`), token.name);
    assert.match(dark, /\.jodo-theme-dark \{[^}]*--jodo-color-scheme: dark;/);
    assert.match(themeCss('light'), /\.jodo-theme-light \{[^}]*--jodo-accent: #1746a2;/);
  });
});
