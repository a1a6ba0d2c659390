/**
 * Runs the custom elements analyzer (`npm run manifest`'s config) into a scratch folder, for tests that read
 * the manifest and what the generators (VS Code, JetBrains, JSX) write beside it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface ManifestMember {
  kind: string;
  name: string;
  static?: boolean;
  readonly?: boolean;
  privacy?: string;
}
export interface Declaration {
  tagName?: string;
  summary?: string;
  attributes?: { name: string; fieldName?: string }[];
  members?: ManifestMember[];
  events?: { name: string }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string; description?: string }[];
}
export interface Manifest {
  modules: { path: string; declarations?: Declaration[] }[];
}

export interface VsCodeData {
  version: number;
  tags: { name: string; description: string; attributes: { name: string; description: string; values?: { name: string }[] }[] }[];
}

export interface VsCodeCssData {
  version: number;
  properties: { name: string; description?: string }[];
}

export interface WebTypes {
  name: string;
  contributions: { html: { elements: { name: string; attributes: { name: string }[]; js: { events: { name: string }[] } }[] } };
}

/**
 * What `npm run manifest` writes now: the manifest, and what the generators make from it (the VS Code HTML and CSS
 * data, the JetBrains web-types, the JSX types' text); the scratch folder is gone when this returns.
 */
export function analyzeManifest(): { manifest: Manifest; vscodeData: VsCodeData; vscodeCss: VsCodeCssData; webTypes: WebTypes; jsxTypes: string } {
  // The analyzer takes its outdir relative to the working directory, absolute or not.
  mkdirSync('.jodo', { recursive: true });
  const out = relative(process.cwd(), mkdtempSync(join('.jodo', 'cem-')));
  try {
    execFileSync(process.execPath, ['--import', 'tsx', 'node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', out], {
      stdio: 'ignore',
      env: { ...process.env, JODO_MANIFEST_OUTDIR: out },
    });
    return {
      manifest: JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8')) as Manifest,
      vscodeData: JSON.parse(readFileSync(join(out, 'vscode.html-custom-data.json'), 'utf8')) as VsCodeData,
      vscodeCss: JSON.parse(readFileSync(join(out, 'vscode.css-custom-data.json'), 'utf8')) as VsCodeCssData,
      webTypes: JSON.parse(readFileSync(join(out, 'web-types.json'), 'utf8')) as WebTypes,
      jsxTypes: readFileSync(join(out, 'react-jsx.generated.d.ts'), 'utf8'),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Every element the manifest describes, by tag. */
export function elementsOf(manifest: Manifest): Map<string, { declaration: Declaration; path: string }> {
  const elements = new Map<string, { declaration: Declaration; path: string }>();
  for (const mod of manifest.modules) for (const declaration of mod.declarations ?? []) if (declaration.tagName) elements.set(declaration.tagName, { declaration, path: mod.path });
  return elements;
}
