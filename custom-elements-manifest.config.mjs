// `npm run manifest`: custom-elements.json from the elements' JSDoc (@tag, @summary, @event,
// @csspart, @cssprop, @slot) and their Lit properties, for editors and the docs page, and from it,
// by the analyzer plugins of the maintained generators (cem-tools):
// - vscode.html-custom-data.json and vscode.css-custom-data.json (custom-element-vs-code-integration),
// - web-types.json for JetBrains IDEs (custom-element-jet-brains-integration),
// - src/react-jsx.generated.d.ts, the JSX props of every tag (custom-element-jsx-integration),
//   which src/react.ts (`jodo-toolbar/react`) fits to React 19.
// Runs under tsx (see package.json), so the design tokens come from their one table.
import { relative } from 'node:path';
import { customElementJetBrainsPlugin } from 'custom-element-jet-brains-integration';
import { generateJsxTypes } from 'custom-element-jsx-integration';
import { customElementVsCodePlugin } from 'custom-element-vs-code-integration';
import { describeToken } from './src/styles/token-docs.ts';
import { BASE_TOKENS, STATE_TOKENS } from './src/styles/tokens.ts';

/** `'' | 'bottom' | 'top'` -> `'bottom' | 'top'`; `string` for any type that is not a union of string literals. */
const choicesOf = (type = '') => (/^'[^']*'( \| '[^']*')+$/.test(type) ? type.split(' | ').filter((value) => value !== "''").join(' | ') : 'string');

/**
 * The shared style sheets of src/styles/theme.ts, each with the tokens of the table it reads: an element
 * whose `static styles` list a sheet reads (and so documents) its tokens.
 */
const SHEET_TOKENS = { theme: BASE_TOKENS, stateColours: STATE_TOKENS };

/** The names in a class's `static styles = [theme, stateColours, …]`, from the analyzer's syntax tree. */
function sheetsOf(ts, node) {
  const styles = node.members?.find((member) => ts.isPropertyDeclaration(member) && member.name.getText() === 'styles' && member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword));
  const list = styles?.initializer && ts.isArrayLiteralExpression(styles.initializer) ? styles.initializer.elements : [];
  return list.filter((element) => ts.isIdentifier(element)).map((element) => element.text);
}

const cssProperty = (token) => ({ name: token.name, description: describeToken(token), default: token.dark ? `${token.light} (dark: ${token.dark})` : token.light });

// Beside custom-elements.json (the tests point both at a scratch folder with --outdir and this).
const outdir = process.env.JODO_MANIFEST_OUTDIR ?? '.';
// The JSX types are a source file (src/ imports them); a test run writes them to its scratch folder.
const jsxOutdir = process.env.JODO_MANIFEST_OUTDIR ?? 'src';
export const JSX_TYPES_FILE = 'react-jsx.generated.d.ts';
const quiet = Boolean(process.env.JODO_MANIFEST_OUTDIR);

/**
 * The manifest as React 19 sees a tag, for the JSX generator: React sets a prop as the element's
 * property when the element has one, so every writable field is a prop by its own name, and an
 * attribute is a prop only where no field has its name (the multi-word ones, `session-url`).
 * Modules in path order, so the generated file is the same on every run.
 */
export function reactView(manifest) {
  // By path: the analyzer's module order varies from run to run, the committed file must not.
  const modules = [...manifest.modules].sort((a, b) => a.path.localeCompare(b.path)).map((mod) => ({
    ...mod,
    declarations: (mod.declarations ?? []).map((declaration) => {
      if (!declaration.tagName) return declaration;
      const fields = (declaration.members ?? []).filter((m) => m.kind === 'field' && !m.static && !m.readonly && (m.privacy ?? 'public') === 'public');
      const names = new Set(fields.map((field) => field.name));
      return {
        ...declaration,
        members: [...fields.map(({ attribute: _attribute, ...field }) => field), ...(declaration.members ?? []).filter((m) => m.kind !== 'field')],
        attributes: (declaration.attributes ?? []).filter((attribute) => !names.has(attribute.name)),
      };
    }),
  }));
  return { ...manifest, modules };
}

/** `module path#class name` -> the shared sheets its `static styles` list. */
const sheets = new Map();

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
      analyzePhase({ ts, node, moduleDoc }) {
        if (!ts.isClassDeclaration(node) || !node.name) return;
        sheets.set(`${moduleDoc.path}#${node.name.text}`, sheetsOf(ts, node));
      },
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            // `dispatchEvent(new JodoXEvent(...))` reads as an event without a name; the JSDoc @event lines name them.
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
            if (!declaration.tagName) continue;
            // Every element reads the shared theme tokens (and the state colours where it shows states):
            // document the tokens of each shared sheet it lists, from their table, after the element's own @cssprop lines.
            const shared = (sheets.get(`${mod.path}#${declaration.name}`) ?? []).flatMap((sheet) => SHEET_TOKENS[sheet] ?? []);
            const own = (declaration.cssProperties ?? []).filter((property) => !shared.some((token) => token.name === property.name));
            if (own.length || shared.length) declaration.cssProperties = [...own, ...shared.map(cssProperty)];
            // VS Code offers an attribute's values from its type: only a union of non-empty string literals ('bottom' | 'top') is a choice.
            for (const attribute of declaration.attributes ?? []) attribute.valueChoices = { text: choicesOf(attribute.type?.text) };
          }
        }
      },
    },
    customElementVsCodePlugin({ outdir, typesSrc: 'valueChoices', hideMethodDocs: true, htmlFileName: 'vscode.html-custom-data.json', cssFileName: 'vscode.css-custom-data.json', hideLogs: quiet }),
    customElementJetBrainsPlugin({ outdir, hideMethodDocs: true, webTypesFileName: 'web-types.json', packageJson: false, hideLogs: quiet }),
    {
      name: 'jodo-jsx-types',
      packageLinkPhase({ customElementsManifest }) {
        // Each class's type from its own module, by a path relative to src/ (where the file lives).
        const modules = new Map();
        for (const mod of customElementsManifest.modules) for (const declaration of mod.declarations ?? []) if (declaration.tagName) modules.set(declaration.name, `./${relative('src', mod.path).replace(/\.ts$/, '.js')}`);
        generateJsxTypes(reactView(customElementsManifest), { outdir: jsxOutdir, fileName: JSX_TYPES_FILE, hideMethodDocs: true, componentTypePath: (name) => modules.get(name), hideLogs: quiet });
      },
    },
  ],
};
