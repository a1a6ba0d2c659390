/**
 * The custom elements manifest (`npm run manifest`) describes every element the toolbar
 * registers, and every part its templates expose is documented (a part is public API:
 * pages style it).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeManifest, elementsOf, type Declaration } from '../helpers/manifest.js';

let elements: Map<string, { declaration: Declaration; path: string }>;

before(() => {
  elements = elementsOf(analyzeManifest());
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
    for (const name of ['endpoint', 'session-url', 'login', 'servicekey', 'poll-interval', 'idle-poll-interval', 'apikey']) assert.ok(provider.includes(name), name);
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
});
