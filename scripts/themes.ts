// `npm run themes`: the theme files a host page may load (src/themes/*.css),
// written from the one token table (src/styles/tokens.ts). Without a theme
// class the elements follow `prefers-color-scheme`; a class forces a scheme.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE_TOKENS } from '../src/styles/tokens.js';

export const SCHEMES = ['light', 'dark'] as const;
export type Scheme = (typeof SCHEMES)[number];

/** The text of `src/themes/<scheme>.css`. */
export function themeCss(scheme: Scheme): string {
  const lines = BASE_TOKENS.filter((token) => token.dark !== undefined).map(
    (token) => `  ${token.name}: ${scheme === 'dark' ? token.dark : token.light};`,
  );
  return [
    `/* Jodo toolbar: the ${scheme} theme. Generated from src/styles/tokens.ts by \`npm run themes\`; do not edit. */`,
    `/* Load it, then put class="jodo-theme-${scheme}" on <html> or any ancestor of the elements; override any token after it. */`,
    `.jodo-theme-${scheme} {`,
    ...lines,
    `  --jodo-color-scheme: ${scheme};`,
    '}',
    '',
  ].join('\n');
}

export const themePath = (scheme: Scheme): URL => new URL(`../src/themes/${scheme}.css`, import.meta.url);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const scheme of SCHEMES) writeFileSync(themePath(scheme), themeCss(scheme));
  console.log(`wrote src/themes/${SCHEMES.join('.css, ')}.css`);
}
