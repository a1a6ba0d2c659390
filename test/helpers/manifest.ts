/** Runs the custom elements analyzer (`npm run manifest`'s config) into a scratch folder, for tests that read the manifest. */
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
}
export interface Manifest {
  modules: { path: string; declarations?: Declaration[] }[];
}

/** The manifest as the analyzer writes it now; the scratch folder is gone when this returns. */
export function analyzeManifest(): Manifest {
  // The analyzer takes its outdir relative to the working directory, absolute or not.
  mkdirSync('.jodo', { recursive: true });
  const out = relative(process.cwd(), mkdtempSync(join('.jodo', 'cem-')));
  try {
    execFileSync(process.execPath, ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', out], { stdio: 'ignore' });
    return JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8')) as Manifest;
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
