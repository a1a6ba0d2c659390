/**
 * CSV as spreadsheets and CRMs export it (RFC 4180, read leniently): a
 * leading byte-order mark, CRLF or LF line ends, fields in double quotes
 * with `""` for a quote and commas and line breaks inside. A quote inside an
 * unquoted field is kept as text. Rows are numbered as a spreadsheet shows
 * them, so a row that spans three lines is still one row.
 */

export interface CsvRow {
  /** 1-based, as a spreadsheet numbers it (the header is row 1). */
  row: number;
  /** The file's line the row starts on, 1-based. */
  line: number;
  fields: string[];
}

export interface CsvResult {
  rows: CsvRow[];
  /** A quoted field still open at the end of the file: the row it starts is in `rows`, cut short. */
  unterminatedQuoteRow?: number;
}

/** Splits CSV text into rows of fields; blank rows are left out (and still counted, as a spreadsheet counts them). */
export function parseCsv(text: string): CsvResult {
  const rows: CsvRow[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let line = 1;
  let unterminatedQuoteRow: number | undefined;
  let row = 0;

  while (i < n) {
    row++;
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let endOfRow = false;
    while (!endOfRow) {
      if (i < n && text[i] === '"' && field === '') {
        // A quoted field: up to the quote that is not doubled.
        i++;
        let closed = false;
        while (i < n) {
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          // A line break inside quotes is a line too: CRLF, LF or, as at the end of a row, a lone CR.
          if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
          field += ch;
          i++;
        }
        if (!closed) unterminatedQuoteRow = row;
        // Text after the closing quote (`"a"b`) is kept as it stands.
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      }
      fields.push(field);
      field = '';
      if (i >= n) endOfRow = true;
      else if (text[i] === ',') i++;
      else {
        // CRLF, LF or a lone CR ends the row.
        if (text[i] === '\r' && text[i + 1] === '\n') i++;
        i++;
        line++;
        endOfRow = true;
      }
    }
    // A row of empty cells (`,,,`, as spreadsheets export) is as blank as an empty line.
    const blank = fields.every((value) => value.trim() === '');
    if (!blank) rows.push({ row, line: startLine, fields });
  }
  return unterminatedQuoteRow === undefined ? { rows } : { rows, unterminatedQuoteRow };
}
