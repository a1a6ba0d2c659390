/**
 * Reading a `node --cpu-prof` profile: self time by function and by area
 * (our folders, node internals, undici, packages), as markdown tables.
 * Shared by `bench/load.ts` and `bench/gateway.ts`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './servers.js';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** The main thread's profile in a --cpu-prof-dir (tsx's loader thread writes its own). */
export function mainThreadProfile(dir: string): string {
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main one.
  const file = readdirSync(dir).find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f));
  if (!file) throw new Error(`no main-thread profile in ${dir}`);
  return join(dir, file);
}

function where(url: string): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? relative(ROOT, fileURLToPath(url)) : url;
  return path.replace(/^.*node_modules\//, 'node_modules/');
}

function area(url: string, name: string): string {
  const path = where(url);
  if (!path) return name.startsWith('(') ? name : '(native)';
  // fetch's HTTP parser is llhttp compiled to wasm (node:http uses the native one).
  if (path.startsWith('node:internal/deps/undici') || path.startsWith('wasm://')) return 'undici (fetch)';
  if (path.startsWith('node:')) return `node: ${path.split('/')[1] ?? path}`;
  if (path.startsWith('node_modules/')) return path.split('/').slice(0, 2).join('/');
  return path.split('/').slice(0, 3).join('/');
}

export interface ProfileSummary {
  /** Busy (non-idle) CPU after start-up, µs. */
  busyUs: number;
  byFunction: [string, number][];
  byArea: [string, number][];
}

/** Self time by function and by area (µs, largest first) of the samples after `skipMs` (start-up: loading the CLI). */
export function selfTime(file: string, skipMs: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let busy = 0;
  let elapsed = 0;
  profile.samples.forEach((id, k) => {
    const frame = frames.get(id)!;
    const dt = profile.timeDeltas[k] ?? 0;
    elapsed += dt;
    // Loading the CLI (tsx compiling TypeScript) is not what the load costs.
    if (elapsed < skipMs * 1000 || frame.functionName === '(idle)') return;
    busy += dt;
    // No line numbers: under tsx they are the compiled code's, not the source's.
    const fn = `${frame.functionName || '(anonymous)'}${frame.url ? ` ${where(frame.url)}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
    const a = area(frame.url, frame.functionName);
    byArea.set(a, (byArea.get(a) ?? 0) + dt);
  });
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return { busyUs: busy, byFunction: sorted(byFunction), byArea: sorted(byArea) };
}

/** Self time by function and by area, as % of the process's busy (non-idle) samples after start-up: two markdown tables. */
export function summarise(file: string, skipMs: number, functions = 12, areas = 10): string {
  const { busyUs, byFunction, byArea } = selfTime(file, skipMs);
  const top = (rows: [string, number][], n: number) => rows.slice(0, n).map(([k, v]) => `| ${((v / busyUs) * 100).toFixed(1)}% | \`${k}\` |`).join('\n');
  return `Busy (non-idle) CPU in the profile: ${(busyUs / 1e6).toFixed(1)} s.\n\n| self | function |\n|---:|---|\n${top(byFunction, functions)}\n\n| self | area |\n|---:|---|\n${top(byArea, areas)}\n`;
}
