/**
 * `npm run bench [-- --only size,startup --runs 3 --out bench/RESULTS.md]`
 *
 * Every benchmark of the toolbar, one after the other on this machine, into
 * bench/RESULTS.md: the machine and versions, every figure beside its
 * reference measured in the same run with the ratio and the aim, then each
 * benchmark's own section (method, tables, and a profile where an aim is
 * missed). Benchmarks are not tests: nothing here runs in `npm test`; the
 * deterministic budget (sizes) is checked there by size-limit.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { figuresTable, log, machine, type BenchOptions, type BenchSection } from './lib/report.js';

type Bench = (options: BenchOptions) => Promise<BenchSection>;

/** In the order they run: the browser ones first, while the machine is fresh, the servers' last. */
const BENCHES: Record<string, () => Promise<{ run: Bench }>> = {
  size: () => import('./size.js'),
  startup: () => import('./startup.js'),
  'layout-shift': () => import('./layout-shift.js'),
  lighthouse: () => import('./lighthouse.js'),
  polling: () => import('./polling.js'),
  'push-bytes': () => import('./push-bytes.js'),
  memory: () => import('./memory.js'),
  sandbox: () => import('./sandbox.js'),
  gateway: () => import('./gateway.js'),
};

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string', default: '5' },
    out: { type: 'string', default: 'bench/RESULTS.md' },
  },
});
const names = args.only ? args.only.split(',').map((name) => name.trim()) : Object.keys(BENCHES);
const unknown = names.filter((name) => !(name in BENCHES));
if (unknown.length) {
  log(`Unknown benchmark ${unknown.join(', ')}: choose from ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
const runs = Number(args.runs);
const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');

const started = Date.now();
const sections: BenchSection[] = [];
const failures: string[] = [];
for (const name of names) {
  const began = Date.now();
  log(`bench: ${name}`);
  try {
    const { run } = await BENCHES[name]!();
    const section = await run({ runs, log });
    sections.push({ ...section, tookMs: Date.now() - began });
  } catch (error) {
    // One benchmark failing (a browser missing, say) leaves the others' figures: the file says what failed.
    failures.push(`- **${name}** failed: ${error instanceof Error ? error.message : String(error)}`);
    log(`bench: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  log(`bench: ${name} took ${((Date.now() - began) / 1000).toFixed(0)} s`);
}
const tookS = (Date.now() - started) / 1000;

const figures = sections.flatMap((s) => s.figures);
const met = figures.filter((f) => f.met === true).length;
const missed = figures.filter((f) => f.met === false);
const text = [
  '# Benchmarks',
  '',
  `Produced by \`${command}\` on ${new Date().toISOString()} in ${tookS.toFixed(0)} s (${sections.map((s) => `${s.title.toLowerCase()} ${((s.tookMs ?? 0) / 1000).toFixed(0)} s`).join(', ')}).`,
  '',
  machine(),
  `- Medians over ${runs} runs unless a section says otherwise. The machine may be shared with other work: a section's spread (p50 against min, or its runs) shows how quiet it was.`,
  '',
  '## Every figure',
  '',
  `${met} of ${met + missed.length} aims met${missed.length ? `; missed: ${missed.map((f) => f.name).join('; ')} (each section says what limits it, with a profile)` : ''}.`,
  '',
  figuresTable(figures),
  ...(failures.length ? ['', '## Benchmarks that did not run', '', ...failures] : []),
  '',
  ...sections.flatMap((s) => [`## ${s.title}`, '', s.markdown, '']),
].join('\n');
writeFileSync(args.out, text);
log(`bench: wrote ${args.out} in ${tookS.toFixed(0)} s`);
process.exit(failures.length ? 1 : 0);
