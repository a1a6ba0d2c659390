// The browser's CSV reader (<jodo-messenger>); the user sync reads with csv-parse, held to the same rows in csv-agreement.node.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCsv } from '../../src/format/csv.js';

const fields = (text: string) => parseCsv(text).rows.map((r) => r.fields);

describe('parseCsv', () => {
  test('plain rows, LF and CRLF line ends, a last row without a line end', () => {
    assert.deepEqual(fields('a,b\n1,2\n'), [['a', 'b'], ['1', '2']]);
    assert.deepEqual(fields('a,b\r\n1,2\r\n3,4'), [['a', 'b'], ['1', '2'], ['3', '4']]);
    assert.deepEqual(fields('a,b\r1,2'), [['a', 'b'], ['1', '2']], 'a lone CR (old Mac exports) ends a row too');
  });

  test('a byte-order mark is not part of the first header', () => {
    assert.deepEqual(fields('\ufeffloginid,username\nx@y.z,X'), [['loginid', 'username'], ['x@y.z', 'X']]);
  });

  test('quoted fields: commas, doubled quotes, CRLF and LF inside, empty quoted', () => {
    const { rows } = parseCsv('a,b,c\r\n"Pune, MH","say ""hi""","one\r\ntwo\nthree"\r\n"",x,""\r\n');
    assert.deepEqual(rows.map((r) => r.fields), [['a', 'b', 'c'], ['Pune, MH', 'say "hi"', 'one\r\ntwo\nthree'], ['', 'x', '']]);
    assert.deepEqual(rows.map((r) => [r.row, r.line]), [[1, 1], [2, 2], [3, 5]], 'a row spanning lines is one row; lines still count');
  });

  test('empty fields, trailing commas and a quote inside an unquoted field are kept', () => {
    assert.deepEqual(fields('a,,c,\n'), [['a', '', 'c', '']]);
    assert.deepEqual(fields('5" screen,x\n'), [['5" screen', 'x']]);
    assert.deepEqual(fields('"a"b,c\n'), [['ab', 'c']]);
  });

  test('ragged rows come back as they are; blank lines are left out but counted as rows', () => {
    const { rows } = parseCsv('a,b,c\n1\n\n1,2,3,4\n');
    assert.deepEqual(rows.map((r) => [r.row, r.fields]), [[1, ['a', 'b', 'c']], [2, ['1']], [4, ['1', '2', '3', '4']]]);
  });

  test('a quote still open at the end names its row', () => {
    const result = parseCsv('a,b\n1,"never closed\n2,3\n');
    assert.equal(result.unterminatedQuoteRow, 2);
    assert.equal(result.rows.length, 2);
  });

  test('empty input has no rows', () => {
    assert.deepEqual(parseCsv('').rows, []);
    assert.deepEqual(parseCsv('\ufeff\r\n\n').rows, []);
  });
});
