// `npm run manifest`: custom-elements.json from the elements' JSDoc (@tag, @summary, @event,
// @csspart, @cssprop, @slot) and their Lit properties, for editors and the docs page, and
// vscode.html-custom-data.json from it (VS Code completes tags, attributes and their docs).
// Runs under tsx (see package.json), so the design tokens come from their one table.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_TOKENS, STATE_TOKENS } from './src/styles/tokens.ts';

const cssProperty = (token) => ({ name: token.name, description: token.description, default: token.dark ? `${token.light} (dark: ${token.dark})` : token.light });

/** The VS Code HTML custom data (version 1.1) of a manifest: tags, their attributes and docs. */
export function vscodeCustomData(manifest) {
  const tags = [];
  for (const mod of manifest.modules) {
    for (const declaration of mod.declarations ?? []) {
      if (!declaration.tagName) continue;
      const events = (declaration.events ?? []).map((event) => `- \`${event.name}\`: ${event.description ?? ''}`);
      tags.push({
        name: declaration.tagName,
        description: [declaration.summary ?? declaration.description ?? '', events.length ? `\n\nEvents:\n${events.join('\n')}` : ''].join(''),
        attributes: (declaration.attributes ?? []).map((attribute) => ({
          name: attribute.name,
          description: attribute.description ?? '',
          // Union-of-literal attribute types ("'bottom' | 'top'") become value completions.
          ...(/^'[^']*'( \| '[^']*')+$/.test(attribute.type?.text ?? '')
            ? { values: attribute.type.text.split(' | ').map((value) => ({ name: value.slice(1, -1) })).filter((value) => value.name) }
            : {}),
        })),
      });
    }
  }
  return { $schema: 'https://raw.githubusercontent.com/microsoft/vscode-html-languageservice/main/docs/customData.schema.json', version: 1.1, tags };
}

export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.styles.ts'],
  outdir: '.',
  // package.json names custom-elements.json itself; a run with another --outdir (the manifest test) must not rewrite it.
  packagejson: false,
  litelement: true,
  plugins: [
    {
      name: 'jodo-manifest',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          const source = readFileSync(mod.path, 'utf8');
          for (const declaration of mod.declarations ?? []) {
            // `dispatchEvent(new JodoXEvent(...))` reads as an event without a name; the JSDoc @event lines name them.
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
            if (!declaration.tagName) continue;
            // Every element reads the shared theme tokens (and the state colours where it shows states):
            // document them from their table, after the element's own @cssprop lines.
            const shared = [...(/styles = \[[^\]]*\btheme\b/.test(source) ? BASE_TOKENS : []), ...(/styles = \[[^\]]*\bstateColours\b/.test(source) ? STATE_TOKENS : [])];
            const own = (declaration.cssProperties ?? []).filter((property) => !shared.some((token) => token.name === property.name));
            if (own.length || shared.length) declaration.cssProperties = [...own, ...shared.map(cssProperty)];
          }
        }
        // Beside custom-elements.json (the tests point both at a scratch folder).
        writeFileSync(join(process.env.JODO_MANIFEST_OUTDIR ?? '.', 'vscode.html-custom-data.json'), `${JSON.stringify(vscodeCustomData(customElementsManifest), null, 2)}\n`);
      },
    },
  ],
};
