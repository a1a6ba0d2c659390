/**
 * What every benchmark of `npm run bench` hands back, and the small
 * statistics they share. A benchmark is a module exporting
 * `run(options): Promise<BenchSection>`; `bench/run.ts` runs them in turn and
 * writes `bench/RESULTS.md`. Each can also run alone (`tsx bench/<name>.ts`),
 * printing its section.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** One measured figure beside its reference from the same run. */
export interface Figure {
  /** What was measured, e.g. "Script-tag bundle, gzip". */
  name: string;
  value: number;
  unit: string;
  /** What it is compared with, measured in the same run (or a published figure, said so in its name). */
  reference: { name: string; value: number };
  /** The aim in words ("<= 20 KB"), when there is one. */
  aim?: string;
  /** Whether the aim is met; undefined when there is no aim. */
  met?: boolean;
}

export interface BenchSection {
  /** The section heading, e.g. "Size". */
  title: string;
  figures: Figure[];
  /** The section's own text: method, tables, profile and before/after when an aim is missed. */
  markdown: string;
  /** Wall time the benchmark took, ms (filled in by the runner). */
  tookMs?: number;
}

export interface BenchOptions {
  /** How many runs each median is taken over. */
  runs: number;
  /** Progress lines go here (stderr), never into the section. */
  log: (line: string) => void;
}

export const log = (line: string): void => void process.stderr.write(`${line}\n`);

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..1) of unsorted values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** "2.35x": value over reference. */
export function ratio(value: number, reference: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(reference) || reference === 0) return '-';
  return `${(value / reference).toFixed(2)}x`;
}

/** A number for a table: fixed decimals by size, '-' when not finite. */
export function num(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return '-';
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toFixed(d);
}

/** A markdown table from a header row and rows of cells. */
export function table(header: string[], rows: (string | number)[][]): string {
  const align = header.map((_, i) => (rows.some((r) => typeof r[i] === 'number') ? '---:' : '---'));
  const line = (cells: (string | number)[]) => `| ${cells.map((c) => (typeof c === 'number' ? num(c) : c)).join(' | ')} |`;
  return [line(header), `|${align.join('|')}|`, ...rows.map(line)].join('\n');
}

/** The machine and the versions a run was made with. */
export function machine(): string {
  const cpus = os.cpus();
  const version = (pkg: string) => {
    try {
      return (JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8')) as { version: string }).version;
    } catch {
      return '?';
    }
  };
  let chromium = '?';
  try {
    chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // not installed: the browser benchmarks say so themselves
  }
  return [
    `- Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.type()} ${os.release()}`,
    `- Node ${process.version}; ${chromium}`,
    `- lit ${version('lit')}, zod ${version('zod')}, esbuild ${version('esbuild')}, better-sqlite3 ${version('better-sqlite3')}, puppeteer-core ${version('puppeteer-core')}`,
  ].join('\n');
}

/** Runs `fn` when the module is the process's entry point (`tsx bench/x.ts`), printing its section. */
export async function runAlone(url: string, run: (options: BenchOptions) => Promise<BenchSection>): Promise<void> {
  if (url !== `file://${process.argv[1]}`) return;
  const runs = Number(process.env['BENCH_RUNS'] ?? 3);
  const section = await run({ runs, log });
  process.stdout.write(`## ${section.title}\n\n${figuresTable(section.figures)}\n\n${section.markdown}\n`);
  process.exit(0);
}

/** The summary table of figures: ours, the reference, the ratio, the aim and whether it is met. */
export function figuresTable(figures: Figure[]): string {
  return table(
    ['figure', 'ours', 'reference (same run)', 'ratio', 'aim', 'met'],
    figures.map((f) => [
      f.name,
      `${num(f.value)} ${f.unit}`,
      `${f.reference.name}: ${num(f.reference.value)} ${f.unit}`,
      ratio(f.value, f.reference.value),
      f.aim ?? '-',
      f.met === undefined ? '-' : f.met ? 'yes' : '**no**',
    ]),
  );
}
