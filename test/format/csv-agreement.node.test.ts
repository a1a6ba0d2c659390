/**
 * The two CSV readers read the same rows: the page's own (src/format/csv.ts,
 * for <jodo-messenger>) and csv-parse (src/server/user-sync/csv.ts), on CSV
 * as spreadsheets and CRMs write it: any text in quoted fields, quotes inside
 * unquoted ones, CRLF, LF or CR, blank rows, ragged rows, a byte-order mark.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseCsv as pageReader } from '../../src/format/csv.js';
import { parseCsv as syncReader } from '../../src/server/user-sync/csv.js';

const lineEnd = fc.constantFrom('\r\n', '\n', '\r');
const anyText = fc.string({ unit: fc.constantFrom('a', 'Z', '9', ' ', ',', '"', '\r', '\n', 'é', 'न', '😀', ';', '\t') });
const quoted = anyText.map((text) => `"${text.replaceAll('"', '""')}"`);
// An unquoted field: no comma or line break, and no quote at its start (a quote later on is text).
const unquoted = fc
  .string({ unit: fc.constantFrom('a', 'Z', '9', ' ', 'é', '"', ';', '\t', '5') })
  .filter((text) => !text.startsWith('"'));
const row = fc.array(fc.oneof(quoted, unquoted), { minLength: 1, maxLength: 6 }).map((fields) => fields.join(','));
const csv = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(row, lineEnd), { maxLength: 8 }), fc.boolean())
  .map(([bom, rows, endsWithLineEnd]) => {
    const text = rows.map(([cells, end]) => cells + end).join('');
    return (bom ? '\ufeff' : '') + (endsWithLineEnd ? text : text.replace(/(\r\n|\r|\n)$/, ''));
  });

describe('the page reader and csv-parse', () => {
  test('read the same rows, numbered alike, from generated CSV', () => {
    fc.assert(
      fc.property(csv, (text) => {
        assert.deepEqual(syncReader(text), pageReader(text));
      }),
      { numRuns: 2000 },
    );
  });

  test('read the same rows from what CRMs were seen to export', () => {
    const samples = [
      'loginid,username\r\nx@y.z,"Doe, Jane"\r\n',
      '\ufeffa,b\r\n"x, y","say ""hi"""\r\n',
      'a\n\n\nb\n',
      'a,b\n,,\n1,2',
      'a,"b\nc",d\n2',
      'ab"c,d\n',
      'a\rb\rc',
      '',
      '\ufeff\r\n\n',
      '  , \n x',
      'a,,c,\n',
      'a,b,c\n1\n\n1,2,3,4\n',
    ];
    for (const text of samples) assert.deepEqual(syncReader(text), pageReader(text), JSON.stringify(text));
  });

  test('name the same row for a quote that never closes', () => {
    for (const text of ['a,b\n1,"never closed\n2,3\n', '"open', 'a\n\n\n"x\n']) {
      assert.equal(syncReader(text).unterminatedQuoteRow, pageReader(text).unterminatedQuoteRow, JSON.stringify(text));
    }
  });
});
