/**
 * For the team-board benchmark only: an esbuild plugin that builds the board
 * with its rows through @lit-labs/virtualizer's `virtualize` directive
 * instead of our windowing controller, everything else the same, so the two
 * are measured on one page in one run. It edits the board's source as it is
 * loaded and fails the build if the source no longer has the lines it
 * replaces (never a silent measure of the unchanged board).
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

const EDITS: [string, string][] = [
  // The rows: all of them handed to the virtualizer, which puts those in view in the page.
  [
    '${repeat(windowRows, (row) => row.login, (row, offset) => this.renderRow(row, first + offset))}',
    '${virtualize({ items: shown, keyFunction: (row) => row.login, renderItem: (row, index) => this.renderRow(row, index) })}',
  ],
  // Our controller left idle: it slices nothing, so it pads nothing, and follows no scroll.
  ['    const windowRows = this.windowing.slice(shown);\n    const first = this.windowing.first;\n', ''],
  ['<div class="scroller" @scroll=${this.windowing.onScroll}>', '<div class="scroller">'],
  ["import { repeat } from 'lit/directives/repeat.js';", "import { virtualize } from '@lit-labs/virtualizer/virtualize.js';"],
];

export function virtualizedBoard(): Plugin {
  return {
    name: 'bench-virtualized-board',
    setup(build) {
      build.onLoad({ filter: /src[\\/]elements[\\/]team-board[\\/]team-board\.ts$/ }, async ({ path }) => {
        let source = await readFile(path, 'utf8');
        for (const [from, to] of EDITS) {
          if (!source.includes(from)) throw new Error(`bench: team-board.ts no longer has ${JSON.stringify(from.slice(0, 60))}: update bench/lib/virtualized-board.ts`);
          source = source.replace(from, to);
        }
        return { contents: source, loader: 'ts' };
      });
    },
  };
}
