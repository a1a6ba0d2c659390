/**
 * The user sync's CSV reader: csv-parse, read the way the browser's reader
 * (src/format/csv.ts) reads it: a byte-order mark, CRLF, LF or a lone CR,
 * quoted fields, ragged rows, blank rows left out but counted, each row
 * numbered as a spreadsheet shows it and with the line it starts on.
 *
 * Why two readers: `<jodo-messenger>` reads pasted CSV in the page, where
 * csv-parse costs 13 KB gzipped (its browser build) against 1 KB for ours.
 * `test/format/csv-agreement.node.test.ts` holds the two to the same rows.
 * They differ only on CSV no spreadsheet writes: text after a closing quote
 * (`"a"b` is `"a"b` here, `ab` in the page), and the rows after a quote that
 * never closes (none here: the sync stops on it anyway).
 */
import { CsvError, parse } from 'csv-parse/sync';
import type { CsvResult, CsvRow } from '../../format/csv.js';

export type { CsvResult, CsvRow };

export function parseCsv(text: string): CsvResult {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (error) {
    if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED') {
      // The rows before it are complete; the one it opens is the next.
      return { rows: [], unterminatedQuoteRow: ((error as CsvError & { records?: number }).records ?? 0) + 1 };
    }
    throw error;
  }
  const rows: CsvRow[] = [];
  let line = 1;
  records.forEach((fields, index) => {
    // A row of empty cells (`,,,`, as spreadsheets export) is as blank as an empty line.
    if (!fields.every((value) => value.trim() === '')) rows.push({ row: index + 1, line, fields });
    // The next row starts a line further on, and further for each line break inside a quoted field
    // (counted here: csv-parse's own count takes a CRLF inside quotes for two).
    line += 1 + fields.reduce((breaks, value) => breaks + (value.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
  });
  return { rows };
}
