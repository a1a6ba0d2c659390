import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCsv } from '../../../src/server/user-sync/csv.js';
import { md5Hex, usersFromCsv, usersFromJson, UserInputError } from '../../../src/server/user-sync/users.js';

describe('parseCsv (csv-parse)', () => {
  test('quoted fields with line breaks: a row spanning lines is one row, and a CRLF inside quotes is one line', () => {
    const { rows } = parseCsv('a,b,c\r\n"Pune, MH","say ""hi""","one\r\ntwo\nthree"\r\n"",x,""\r\n');
    assert.deepEqual(rows.map((r) => r.fields), [['a', 'b', 'c'], ['Pune, MH', 'say "hi"', 'one\r\ntwo\nthree'], ['', 'x', '']]);
    assert.deepEqual(rows.map((r) => [r.row, r.line]), [[1, 1], [2, 2], [3, 5]]);
  });

  test('text after a closing quote keeps the field as written; a quote inside an unquoted field is kept', () => {
    assert.deepEqual(parseCsv('"a"b,c\n5" screen,x\n').rows.map((r) => r.fields), [['"a"b', 'c'], ['5" screen', 'x']]);
  });

  test('a quote still open at the end names its row, and gives no rows', () => {
    assert.deepEqual(parseCsv('a,b\n\n1,"never closed\n2,3\n'), { rows: [], unterminatedQuoteRow: 3 });
  });
});

describe('users from CSV and JSON', () => {
  const header = 'loginid,username,usertype,mediadetails,password,city\n';

  test('a row becomes the document addEditUser record: media and lists split on ";", the password as MD5 in both fields', () => {
    const { users, invalid } = usersFromCsv(`${header} a@x.com , Alice ,User,Voice In; Email Out,s3cret ,"Pune, MH"\n`);
    assert.deepEqual(invalid, []);
    assert.equal(users.length, 1);
    assert.deepEqual(users[0]!.record, {
      loginid: 'a@x.com',
      username: 'Alice',
      usertype: 'User',
      mediadetails: [{ media: 'Voice In' }, { media: 'Email Out' }],
      city: 'Pune, MH',
      newpassword: md5Hex('s3cret '),
      confirmpassword: md5Hex('s3cret '),
    });
    assert.match(users[0]!.fingerprint, /^sha256:[0-9a-f]{64}$/);
  });

  test('headers are read loosely (case, spaces, underscores); unknown columns are named and left out', () => {
    const { users, ignoredFields } = usersFromCsv('Login ID,User_Name,USERTYPE,Media Details,Password MD5,Department\nb@x.com,B,User,11,0123456789ABCDEF0123456789abcdef,Sales\n');
    assert.equal(users[0]!.record.newpassword, '0123456789abcdef0123456789abcdef');
    assert.deepEqual(users[0]!.record.mediadetails, [{ media: '11' }]);
    assert.deepEqual(ignoredFields, ['Department']);
  });

  test('bad rows are named with their row and reason; the others still come through', () => {
    const csv =
      header +
      'ok1@x.com,One,User,Voice In,,\n' + // row 2
      'not-an-email,Two,User,Voice In,,\n' + // row 3
      'three@x.com,,User,Voice In,,\n' + // row 4
      '"four@x.com","Four",User,Voice In,,"a\nb",extra\n' + // row 5: one field too many
      'ok1@x.com,Again,User,Voice In,,\n' + // row 6: the same login again
      'five@x.com,Five,User,,,\n' + // row 7: no media
      'ok2@x.com,Six,User,Voice In\n'; // row 8: short, trailing cells left out
    const { users, invalid } = usersFromCsv(csv);
    assert.deepEqual(users.map((u) => [u.row, u.loginid]), [[2, 'ok1@x.com'], [8, 'ok2@x.com']]);
    assert.deepEqual(invalid, [
      { row: 3, reason: 'loginid must be an e-mail address' },
      { row: 4, loginid: 'three@x.com', reason: 'username is required' },
      { row: 5, loginid: 'four@x.com', reason: 'has 7 fields, the header has 6 (a comma outside quotes?)' },
      { row: 6, loginid: 'ok1@x.com', reason: 'loginid is also on row 2: one row per user' },
      { row: 7, loginid: 'five@x.com', reason: 'mediadetails is required' },
    ]);
  });

  test('password problems never show the password', () => {
    const csv = 'loginid,username,usertype,mediadetails,newpassword,password,confirmpassword\n' +
      'a@x.com,A,User,Voice In,nothex-hunter2,,\n' +
      'b@x.com,B,User,Voice In,,hunter2,0123456789abcdef0123456789abcdef\n' +
      `c@x.com,C,User,Voice In,${md5Hex('x')},hunter2,\n`;
    const { invalid } = usersFromCsv(csv);
    assert.deepEqual(invalid.map((r) => r.reason), [
      'newpassword must be an MD5 hex digest (32 hex digits)',
      'confirmpassword must match the password',
      'give password (plain) or newpassword (MD5), not both',
    ]);
    assert.doesNotMatch(JSON.stringify(invalid), /hunter2/);
  });

  test('a header without a mandatory column, or naming one twice, stops the whole file', () => {
    assert.throws(() => usersFromCsv('loginid,username,usertype\n'), (e: Error) => e instanceof UserInputError && /no mediadetails column/.test(e.message));
    assert.throws(() => usersFromCsv('loginid,username,usertype,mediadetails,Login ID\n'), /names loginid more than once/);
    assert.throws(() => usersFromCsv(''), /empty/);
  });

  test('JSON: an array of objects with the same fields; lists as strings or the document shape', () => {
    const { users, invalid } = usersFromJson(
      JSON.stringify([
        { loginid: 'j@x.com', username: 'J', usertype: 'User', mediadetails: [{ media: 'Voice In' }], language: ['English'], customercode: 100783, skilldetails: [{ skillname: 'language', skilldetail: 'hindi', proficiencyvalue: '4' }] },
        'not an object',
        { loginid: 'k@x.com', username: 'K', usertype: 'User', mediadetails: 'Voice Out;Chat', passwordmd5: 'zz' },
      ]),
    );
    assert.deepEqual(users[0]!.record, {
      loginid: 'j@x.com', username: 'J', usertype: 'User', mediadetails: [{ media: 'Voice In' }], customercode: 100783,
      language: [{ language: 'English' }], skilldetails: [{ skillname: 'language', skilldetail: 'hindi', proficiencyvalue: '4' }],
    });
    assert.deepEqual(invalid, [
      { row: 2, reason: 'is not an object of user fields' },
      { row: 3, loginid: 'k@x.com', reason: 'newpassword must be an MD5 hex digest (32 hex digits)' },
    ]);
    assert.throws(() => usersFromJson('{"loginid":"x@y.z"}'), /must hold an array/);
    assert.throws(() => usersFromJson('[{'), UserInputError);
  });

  test('the same user reads to the same fingerprint whatever the key order; a change changes it', () => {
    const a = usersFromJson('[{"loginid":"a@x.com","username":"A","usertype":"User","mediadetails":[{"media":"Chat"}],"language":[{"languageid":"1","language":"English"}]}]');
    const b = usersFromJson('[{"language":[{"language":"English","languageid":"1"}],"mediadetails":"Chat","usertype":"User","username":"A","loginid":"a@x.com"}]');
    const c = usersFromJson('[{"loginid":"a@x.com","username":"A2","usertype":"User","mediadetails":"Chat"}]');
    assert.equal(a.users[0]!.fingerprint, b.users[0]!.fingerprint);
    assert.notEqual(a.users[0]!.fingerprint, c.users[0]!.fingerprint);
  });
});
