/** A sync's results as a person reads them: a table and one summary line. */
import type { UserResult } from './sync.js';

export interface SyncSummary {
  /** Per planned action, how many were done (or, in a dry run, would be). */
  add: number;
  edit: number;
  delete: number;
  unchanged: number;
  failed: number;
  badRows: number;
}

export function summarize(results: readonly UserResult[]): SyncSummary {
  const summary: SyncSummary = { add: 0, edit: 0, delete: 0, unchanged: 0, failed: 0, badRows: 0 };
  for (const result of results) {
    if (result.outcome === 'bad-row') summary.badRows++;
    else if (result.outcome === 'failed') summary.failed++;
    else if (result.action !== 'none') summary[result.action]++;
  }
  return summary;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `998 added, 1 edited, 1 deleted, 0 unchanged; 0 failed; 1 bad row` (a dry run: `would add ...`). */
export function summaryLine(summary: SyncSummary, dryRun = false): string {
  const done = dryRun
    ? `would add ${summary.add}, edit ${summary.edit}, delete ${summary.delete}; ${summary.unchanged} unchanged`
    : `${summary.add} added, ${summary.edit} edited, ${summary.delete} deleted, ${summary.unchanged} unchanged; ${summary.failed} failed`;
  return `${done}; ${plural(summary.badRows, 'bad row')}`;
}

function resultText(result: UserResult): string {
  switch (result.outcome) {
    case 'ok':
      return result.message ? `ok (${result.message})` : 'ok';
    case 'failed':
      return `failed: ${result.message ?? 'unknown error'}`;
    case 'bad-row':
      return `bad row: ${result.message ?? ''}`;
    case 'planned':
      return 'planned';
    case 'unchanged':
      return 'unchanged';
  }
}

/** One line per result (unchanged users left out unless `withUnchanged`), columns padded, with a header. */
export function resultTable(results: readonly UserResult[], withUnchanged = false): string {
  const rows = results
    .filter((r) => withUnchanged || r.outcome !== 'unchanged')
    .map((r) => [r.row === undefined ? '-' : String(r.row), r.loginid || '-', r.action === 'none' ? '-' : r.action, resultText(r)]);
  if (!rows.length) return '';
  const table = [['row', 'login', 'action', 'result'], ...rows];
  const widths = [0, 1, 2].map((col) => Math.max(...table.map((row) => row[col]!.length)));
  return `${table.map((row) => row.map((cell, col) => (col < 3 ? cell.padEnd(widths[col]!) : cell)).join('  ')).join('\n')}\n`;
}
