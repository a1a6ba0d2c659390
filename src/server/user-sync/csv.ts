/** The CSV reader lives in src/format/csv.ts, shared with the browser (`<jodo-messenger>`): one parser for both. */
export { parseCsv, type CsvResult, type CsvRow } from '../../format/csv.js';
