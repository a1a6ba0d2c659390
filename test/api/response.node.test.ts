import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  JodoApiError,
  JodoError,
  JodoHttpError,
  JodoMalformedResponseError,
  mendJson,
  parseJodoJson,
  parseJodoResponse,
  type JodoMethod,
} from '../../src/api/index.js';

/** The document's userStatus response, with the one missing comma between the two entries mended. */
const USER_STATUS_SAMPLE = `{ "statusdata":[
{"duration":100,"currentstatus":1,
"currentstatusdesc":"Ready",
"statuschangetime":"07-Mar-19 11:59:59 PM", "login":"user1","statusdesc":"Success","status":3},
{"duration":11,"currentstatus":11,
"currentstatusdesc":"System Sent NA",
"statuschangetime":"07-Mar-19 11:59:59 PM", "login":"user10","statusdesc":"Success","status":3}
],
"method":"userStatus",
"timestamp":"2019-03-08 11:53:02"
}`;

/** The document's multiple-recordings response, with the 18-digit id of the first entry as a bare number. */
const MULTIPLE_RECORDINGS_SAMPLE = `{ "method":"customer_multiple_recordings",
"resdatetime":"2018-12-18 12:39:05",
"statusdata":[
{"systemcallid":180717171728015031,
"statusdesc":"success",
"status":3,
"recordingfilepath":
"http://192.168.2.127/recordings/1/1/2018/07/17/17/180717171728015031_1001_1500_1_2500_1728015.MP3"
},
{
"systemcallid":"180719161420031002",
"statusdesc":"Data not found",
"status":67,
"recordingfilepath":"" }
]
}`;

interface SuccessCase {
  name: string;
  method: JodoMethod;
  body: string;
  code: number;
  check?: (result: ReturnType<typeof parseJodoResponse>) => void;
}

const SUCCESSES: SuccessCase[] = [
  {
    name: 'ImportProcessData sample: "statuscode":"001"',
    method: 'ImportProcessData',
    body: '{"method":"ImportProcessData","resdatetime":"2018-11-12 14:00:05","statuscode":"001","statusdesc":"success"}',
    code: 1,
  },
  {
    name: 'reallocatedata sample: statuscode "001", statusdesc "Success"',
    method: 'reallocatedata',
    body: '{"method":"reallocatedata","statuscode":"001","resdatetime":"2018-11-12 14:00:05","statusdesc":"Success"}',
    code: 1,
  },
  {
    name: 'saveDisposition sample: "status":3 as a number',
    method: 'saveDisposition',
    body: '{"method":"saveDisposition","statusdesc":"success","status":3,"resdatetime":"2018-11-01 17:00:00"}',
    code: 3,
  },
  {
    name: 'status as a zero-padded string "003"',
    method: 'saveDisposition',
    body: '{"method":"saveDisposition","status":"003","statusdesc":"success"}',
    code: 3,
  },
  {
    name: 'statuscode as a number 1',
    method: 'getProcessData',
    body: '{"method":"getProcessData","statuscode":1,"statusdesc":"success","data":[]}',
    code: 1,
  },
  {
    name: 'status "1" with spaces',
    method: 'deleteUser',
    body: '{"method":"deleteUser","status":" 1 ","statusdesc":"success"}',
    code: 1,
  },
  {
    name: 'deleteUser sample: "status":1, "revisionno":"1"',
    method: 'deleteUser',
    body: '{"method":"deleteUser","revisionno":"1","status":1,"statusdesc":"success","resdatetime":"2018-11-12 14:00:05"}',
    code: 1,
  },
  {
    name: 'customer_recording sample: escaped slashes in recordingfilepath, numeric revisionno',
    method: 'customer_recording',
    body: String.raw`{"method":"customer_recording","recordingfilepath":"http:\/\/192.168.2.127\/recordings\/\/1\/1\/2014\/09\/12\/18\/140912183554281005_0000.MP3","revisionno":1,"statusdesc":"success","status":3,"resdatetime":"2018-11-12 14:00:05"}`,
    code: 3,
    check: (r) =>
      assert.deepEqual(r.data, { recordingUrl: 'http://192.168.2.127/recordings//1/1/2014/09/12/18/140912183554281005_0000.MP3' }),
  },
  {
    name: 'an 18-digit bare number recordingfilepath is kept digit for digit',
    method: 'customer_recording',
    body: '{"method":"customer_recording","recordingfilepath":140912183554281005,"status":3}',
    code: 3,
    check: (r) => assert.deepEqual(r.data, { recordingUrl: '140912183554281005' }),
  },
  {
    name: 'addEditUser edit sample with curly quotes around the method: userid 136',
    method: 'addEditUser',
    body: '{"method":”addEditUser”,"userid":136,"revisionno":1,"status":3,"statusdesc":"success","resdatetime":"2018-11-12 14:00:05"}',
    code: 3,
    check: (r) => {
      assert.deepEqual(r.data, { userid: 136 });
      assert.equal(r.raw['method'], 'addEditUser');
    },
  },
  {
    name: 'addEditUser add sample: method spelled "addUser" in curly quotes, userid 124',
    method: 'addEditUser',
    body: '{"method":”addUser”,"userid":124,"revisionno":1,"status":3,"statusdesc":"success","resdatetime":"2018-11-12 14:00:05"}',
    code: 3,
    check: (r) => {
      assert.equal(r.method, 'addEditUser');
      assert.deepEqual(r.data, { userid: 124 });
    },
  },
  {
    name: 'userid as a string "136"',
    method: 'addEditUser',
    body: '{"status":3,"userid":"136"}',
    code: 3,
    check: (r) => assert.deepEqual(r.data, { userid: 136 }),
  },
  {
    name: 'both status and statuscode: status wins',
    method: 'getProcessData',
    body: '{"status":1,"statuscode":"001","data":[]}',
    code: 1,
  },
];

interface FailureCase {
  name: string;
  method: JodoMethod;
  body: string;
  httpStatus?: number;
  code: number;
  statusdesc?: string;
}

const FAILURES: FailureCase[] = [
  {
    name: 'ImportProcessData fail sample with curly quotes around the method',
    method: 'ImportProcessData',
    body: '{"method":”ImportProcessData”,"revisionno":"1","status":5,"statusdesc":"fail","resdatetime":"2018-11-12 14:00:05"}',
    code: 5,
    statusdesc: 'fail',
  },
  {
    name: 'reallocatedata fail sample with curly quotes',
    method: 'reallocatedata',
    body: '{"method":”reallocatedata”,"revisionno":"1","status":5,"statusdesc":"fail","resdatetime":"2018-11-12 14:00:05"}',
    code: 5,
  },
  {
    name: 'saveDisposition fail sample: method "savedisposition", extra reasonid',
    method: 'saveDisposition',
    body: '{"method":"savedisposition","reasonid":31,"statusdesc":"fail","status":4,"resdatetime":"2018-11-01 17:00:00"}',
    code: 4,
    statusdesc: 'fail',
  },
  {
    name: 'customer_recording fail sample',
    method: 'customer_recording',
    body: '{"method":”customer_recording”,"revisionno":"1","status":5,"statusdesc":"fail","resdatetime":"2018-11-12 14:00:05"}',
    code: 5,
  },
  {
    name: 'deleteUser fail sample',
    method: 'deleteUser',
    body: '{"method":”deleteUser”,"revisionno":"1","status":5,"statusdesc":"fail","resdatetime":"2018-11-12 14:00:05"}',
    code: 5,
  },
  {
    name: 'addUser fail sample',
    method: 'addEditUser',
    body: '{"method":”addUser”,"revisionno":1,"status":5,"statusdesc":"fail","resdatetime":"2018-11-12 14:00:05"}',
    code: 5,
  },
  { name: 'statuscode "014" zero-padded', method: 'getProcessData', body: '{"statuscode":"014","statusdesc":"Customer data not found"}', code: 14 },
  { name: 'common code 1108 as a string', method: 'userStatus', body: '{"status":"1108"}', code: 1108 },
  { name: 'a failure code on a 500 is still the API error', method: 'getProcessData', body: '{"status":5}', httpStatus: 500, code: 5 },
];

const MALFORMED: { name: string; body: string; httpStatus?: number; error: new (...args: never[]) => JodoError }[] = [
  { name: 'empty body', body: '', error: JodoMalformedResponseError },
  { name: 'white space only', body: ' \n\t', error: JodoMalformedResponseError },
  { name: 'null', body: 'null', error: JodoMalformedResponseError },
  { name: 'an array', body: '[{"status":3}]', error: JodoMalformedResponseError },
  { name: 'an empty array', body: '[]', error: JodoMalformedResponseError },
  { name: 'a number', body: '3', error: JodoMalformedResponseError },
  { name: 'a JSON string', body: '"success"', error: JodoMalformedResponseError },
  { name: 'plain text', body: 'Service Temporarily Unavailable', error: JodoMalformedResponseError },
  { name: 'HTML', body: '<html><body>Error</body></html>', error: JodoMalformedResponseError },
  { name: 'truncated JSON', body: '{"method":"saveDisposition","status":3,"statusd', error: JodoMalformedResponseError },
  { name: 'an object without a status', body: '{"method":"saveDisposition","statusdesc":"success"}', error: JodoMalformedResponseError },
  { name: 'a status that is not a number', body: '{"status":"ok"}', error: JodoMalformedResponseError },
  { name: 'a fractional status', body: '{"status":3.5}', error: JodoMalformedResponseError },
  { name: 'HTML on a 502', body: '<html>Bad Gateway</html>', httpStatus: 502, error: JodoHttpError },
  { name: 'empty body on a 504', body: '', httpStatus: 504, error: JodoHttpError },
  { name: 'success JSON on a 503', body: '{"status":3}', httpStatus: 503, error: JodoHttpError },
];

describe('parseJodoResponse', () => {
  describe('successes, from the document’s samples', () => {
    for (const c of SUCCESSES) {
      test(c.name, () => {
        const result = parseJodoResponse(c.method, 200, c.body);
        assert.equal(result.method, c.method);
        assert.equal(result.code, c.code);
        assert.equal(typeof result.description, 'string');
        c.check?.(result);
      });
    }
  });

  describe('failure codes throw JodoApiError', () => {
    for (const c of FAILURES) {
      test(c.name, () => {
        assert.throws(
          () => parseJodoResponse(c.method, c.httpStatus ?? 200, c.body),
          (e: unknown) => {
            assert.ok(e instanceof JodoApiError, String(e));
            assert.equal(e.code, c.code);
            assert.equal(e.method, c.method);
            assert.equal(e.transient, false);
            if (c.statusdesc !== undefined) assert.equal(e.statusdesc, c.statusdesc);
            return true;
          },
        );
      });
    }

    test('the description is the table text of the method', () => {
      assert.throws(
        () => parseJodoResponse('saveDisposition', 200, '{"status":6}'),
        (e: unknown) => e instanceof JodoApiError && e.description === 'Wrong Status mode [Status should be wrapup]',
      );
      assert.throws(
        () => parseJodoResponse('getProcessData', 200, '{"status":1243}'),
        (e: unknown) => e instanceof JodoApiError && e.description === 'Service Key API Key Not matching',
      );
    });

    test('the error keeps the whole body in raw, unknown fields included', () => {
      assert.throws(
        () => parseJodoResponse('saveDisposition', 200, '{"method":"savedisposition","reasonid":31,"status":4,"x":{"y":[1]}}'),
        (e: unknown) => e instanceof JodoApiError && e.raw['reasonid'] === 31 && JSON.stringify(e.raw['x']) === '{"y":[1]}',
      );
    });
  });

  describe('not a Jodo answer', () => {
    for (const c of MALFORMED) {
      test(`${c.name} (HTTP ${c.httpStatus ?? 200}) is ${c.error.name}`, () => {
        assert.throws(
          () => parseJodoResponse('saveDisposition', c.httpStatus ?? 200, c.body),
          (e: unknown) => {
            assert.ok(e instanceof c.error, String(e));
            assert.ok(e instanceof JodoError);
            assert.equal((e as JodoMalformedResponseError | JodoHttpError).bodyStart, c.body.slice(0, 200));
            return true;
          },
        );
      });
    }

    test('bodyStart quotes the first 200 characters only', () => {
      const body = `<html>${'y'.repeat(1000)}`;
      assert.throws(
        () => parseJodoResponse('userStatus', 200, body),
        (e: unknown) => e instanceof JodoMalformedResponseError && e.bodyStart === body.slice(0, 200) && e.httpStatus === 200,
      );
    });

    test('a 5xx without a Jodo body is transient, a 4xx is not', () => {
      assert.throws(() => parseJodoResponse('userStatus', 503, 'busy'), (e: unknown) => e instanceof JodoHttpError && e.transient);
      assert.throws(() => parseJodoResponse('userStatus', 429, ''), (e: unknown) => e instanceof JodoHttpError && e.transient);
      assert.throws(() => parseJodoResponse('userStatus', 404, 'nope'), (e: unknown) => e instanceof JodoHttpError && !e.transient);
    });

    test('a payload of the wrong shape is malformed (getProcessData data not an array)', () => {
      assert.throws(() => parseJodoResponse('getProcessData', 200, '{"statuscode":"001","data":"x"}'), JodoMalformedResponseError);
    });
  });

  describe('unknown fields', () => {
    test('extra fields are kept in raw, values as sent', () => {
      const result = parseJodoResponse(
        'saveDisposition',
        200,
        '{"method":"saveDisposition","status":3,"statusdesc":"success","revisionno":"1","traceid":"abc","nested":{"a":[1,2,null]},"flag":true}',
      );
      assert.equal(result.code, 3);
      assert.equal(result.raw['revisionno'], '1');
      assert.equal(result.raw['traceid'], 'abc');
      assert.deepEqual(result.raw['nested'], { a: [1, 2, null] });
      assert.equal(result.raw['flag'], true);
      assert.deepEqual(result.data, {});
    });

    test('raw is the body as sent (status stays "003", not 3)', () => {
      const result = parseJodoResponse('saveDisposition', 200, '{"status":"003"}');
      assert.equal(result.raw['status'], '003');
    });
  });

  describe('getProcessData', () => {
    test('the document’s response sample gives the records, every value as text', () => {
      const body = `{"method":"getProcessData","resdatetime":"2016-01-19 12:00:00","statuscode":"001","statusdesc":"success","data":
[{"leadnumber":"1","name":"Avhan Technologies","mobilenumber":"1234567890","emailid":"v@avhan.com","callDateTime":"2013-06-20 09:07:00","policyexpirydate":"2013-02-22","extrafield1":"1"},
{"leadnumber":2,"name":"Avhan Technologies 1","mobilenumber":1234567891,"customercode":123456789012345678,"misc":{"a":1},"none":null,"yes":true}]}`;
      const result = parseJodoResponse('getProcessData', 200, body);
      assert.equal(result.code, 1);
      assert.equal(result.data.records.length, 2);
      assert.equal(result.data.records[0]!['name'], 'Avhan Technologies');
      assert.equal(result.data.records[0]!['policyexpirydate'], '2013-02-22');
      assert.deepEqual(result.data.records[1], {
        leadnumber: '2',
        name: 'Avhan Technologies 1',
        mobilenumber: '1234567891',
        customercode: '123456789012345678',
        misc: '{"a":1}',
        none: '',
        yes: 'true',
      });
    });

    test('a success without data has no records', () => {
      assert.deepEqual(parseJodoResponse('getProcessData', 200, '{"statuscode":"001"}').data, { records: [] });
    });
  });

  describe('userStatus', () => {
    test('the document’s sample (missing comma mended) normalizes into agents', () => {
      const result = parseJodoResponse('userStatus', 200, USER_STATUS_SAMPLE);
      assert.equal(result.code, 3);
      assert.equal(result.data.timestamp, '2019-03-08 11:53:02');
      assert.deepEqual(result.data.agents, [
        {
          login: 'user1',
          code: 3,
          ok: true,
          description: 'Success',
          state: 1,
          stateLabel: 'Ready',
          durationSeconds: 100,
          statusChangeTime: '07-Mar-19 11:59:59 PM',
        },
        {
          login: 'user10',
          code: 3,
          ok: true,
          description: 'Success',
          state: 11,
          stateLabel: 'System Sent NA',
          durationSeconds: 11,
          statusChangeTime: '07-Mar-19 11:59:59 PM',
        },
      ]);
    });

    test('the sample as printed (comma missing) is not JSON', () => {
      const asPrinted = USER_STATUS_SAMPLE.replace('"status":3},\n', '"status":3}\n');
      assert.notEqual(asPrinted, USER_STATUS_SAMPLE);
      assert.throws(() => parseJodoResponse('userStatus', 200, asPrinted), JodoMalformedResponseError);
    });

    test('a 418 entry is not ok; the others still are; a state without a label gets ours', () => {
      const result = parseJodoResponse(
        'userStatus',
        200,
        '{"method":"userStatus","statuscode":"001","statusdata":[{"login":"nobody@avhan.com","status":418,"statusdesc":"loginid not exists"},{"login":"user1","status":"3","currentstatus":"7","duration":"42"}]}',
      );
      assert.equal(result.code, 1);
      assert.deepEqual(
        result.data.agents.map((a) => [a.login, a.ok, a.code, a.state, a.stateLabel, a.durationSeconds]),
        [
          ['nobody@avhan.com', false, 418, undefined, undefined, undefined],
          ['user1', true, 3, 7, 'Wrapup', 42],
        ],
      );
    });

    test('statusdata that is not an array of entries is malformed', () => {
      assert.throws(() => parseJodoResponse('userStatus', 200, '{"status":3,"statusdata":{"login":"user1"}}'), JodoMalformedResponseError);
      assert.throws(() => parseJodoResponse('userStatus', 200, '{"status":3,"statusdata":[{"status":3}]}'), JodoMalformedResponseError);
    });
  });

  describe('customer_multiple_recordings', () => {
    test('the document’s sample: a 67 entry is ok false, the 18-digit bare systemcallid is kept as a string', () => {
      const result = parseJodoResponse('customer_multiple_recordings', 200, MULTIPLE_RECORDINGS_SAMPLE);
      assert.equal(result.code, 3);
      assert.deepEqual(result.data.recordings, [
        {
          systemcallid: '180717171728015031',
          code: 3,
          ok: true,
          description: 'Successful',
          recordingUrl: 'http://192.168.2.127/recordings/1/1/2018/07/17/17/180717171728015031_1001_1500_1_2500_1728015.MP3',
        },
        { systemcallid: '180719161420031002', code: 67, ok: false, description: 'Data not found', recordingUrl: '' },
      ]);
      const entries = result.raw['statusdata'] as Record<string, unknown>[];
      assert.equal(entries[0]!['systemcallid'], '180717171728015031');
    });

    test('a bare 18-digit recordingfilepath in an entry is kept digit for digit', () => {
      const result = parseJodoResponse(
        'customer_multiple_recordings',
        200,
        '{"statusdata":[{"systemcallid":140912183554281005,"status":"003","recordingfilepath":999999999999999999}]}',
      );
      assert.deepEqual(result.data.recordings[0], {
        systemcallid: '140912183554281005',
        code: 3,
        ok: true,
        description: 'Successful',
        recordingUrl: '999999999999999999',
      });
    });

    test('a blank id entry (66) is not ok and has no link even if one is sent', () => {
      const result = parseJodoResponse(
        'customer_multiple_recordings',
        200,
        '{"statusdata":[{"systemcallid":"","status":66,"recordingfilepath":"http://x/y.mp3"}]}',
      );
      assert.deepEqual(result.data.recordings[0], { systemcallid: '', code: 66, ok: false, description: 'systemcallid found blank', recordingUrl: '' });
    });

    test('a top-level 2 is the API error', () => {
      assert.throws(
        () => parseJodoResponse('customer_multiple_recordings', 200, '{"method":"customer_multiple_recordings","status":2}'),
        (e: unknown) => e instanceof JodoApiError && e.code === 2 && e.description === 'Wrong format of received request',
      );
    });
  });
});

describe('fields the caller can do without never turn a success into an error', () => {
  const cases: [JodoMethod, string, (result: { data: unknown }) => void][] = [
    ['addEditUser', '{"method":"addEditUser","status":3,"userid":null}', (r) => assert.deepEqual(r.data, {})],
    ['addEditUser', '{"method":null,"status":3,"userid":"136","resdatetime":false}', (r) => assert.deepEqual(r.data, { userid: 136 })],
    ['customer_recording', '{"status":3,"revisionno":null,"recordingfilepath":"http://h/r.wav"}', (r) => assert.deepEqual(r.data, { recordingUrl: 'http://h/r.wav' })],
    ['getProcessData', '{"statuscode":"001","data":null}', (r) => assert.deepEqual(r.data, { records: [] })],
    [
      'userStatus',
      '{"statusdata":[{"login":"a","status":3,"currentstatus":5,"duration":null},{"login":"b","status":3,"currentstatus":1,"duration":"10.5"},{"login":"c","status":3,"currentstatus":"x","duration":""}]}',
      (r) => {
        const agents = (r.data as { agents: { login: string; state?: number; durationSeconds?: number }[] }).agents;
        assert.deepEqual(agents.map((a) => [a.login, a.state, a.durationSeconds]), [['a', 5, undefined], ['b', 1, 11], ['c', undefined, undefined]]);
      },
    ],
  ];
  for (const [method, body, check] of cases) {
    test(`${method} ${body}`, () => check(parseJodoResponse(method, 200, body)));
  }

  test('a getProcessData record keeps every key it was sent with, __proto__ included', () => {
    const { data } = parseJodoResponse('getProcessData', 200, '{"statuscode":"001","data":[{"__proto__":"x","name":"A"}]}');
    assert.deepEqual(Object.keys(data.records[0]!), ['__proto__', 'name']);
    assert.equal(Object.getPrototypeOf(data.records[0]), Object.prototype);
  });
});

describe('mendJson', () => {
  const UNTOUCHED = [
    '{"s":"he said “hello” and ”bye”"}',
    '{"s":"″double prime″ and „low“"}',
    '{"s":"12345678901234567890"}',
    '{"s":"id 180717171728015031 in text"}',
    '{"s":"-1234567890123456789"}',
    String.raw`{"s":"escaped \" quote then 12345678901234567 and “curly”"}`,
    String.raw`{"s":"back\\slash at end\\"}`,
    '{"n":123456789012345,"m":-123456789012345,"f":1.5,"e":1e21}',
    '{"a":[1,2,3],"b":null,"c":true}',
  ];
  for (const text of UNTOUCHED) {
    test(`leaves ${text} as it is`, () => {
      assert.equal(mendJson(text), text);
      assert.deepEqual(parseJodoJson(text), JSON.parse(text));
    });
  }

  test('quotes integer literals of 16 or more digits, outside strings only', () => {
    assert.equal(mendJson('{"a":1234567890123456,"b":"1234567890123456"}'), '{"a":"1234567890123456","b":"1234567890123456"}');
    assert.equal(mendJson('[180717171728015031, -180717171728015031]'), '["180717171728015031", "-180717171728015031"]');
    assert.equal(mendJson('{"a":123456789012345}'), '{"a":123456789012345}');
  });

  test('copies floats whole, however many digits their fraction or exponent has', () => {
    for (const text of ['{"a":0.30000000000000004}', '{"a":1e-00000000000000001}', '{"a":-12345678901234567.5}', '{"a":1.0000000000000000000E+2}']) {
      assert.equal(mendJson(text), text);
      assert.deepEqual(parseJodoJson(text), JSON.parse(text));
    }
    assert.equal(parseJodoResponse('saveDisposition', 200, '{"status":3,"x":0.30000000000000004}').code, 3);
  });

  test('turns curly quotes around a value into straight ones, escaping a straight quote inside', () => {
    assert.equal(mendJson('{"method":”reallocatedata”}'), '{"method":"reallocatedata"}');
    assert.equal(mendJson('{"media": “Voice In”}'), '{"media": "Voice In"}');
    assert.deepEqual(parseJodoJson('{"q":“say "hi"”}'), { q: 'say "hi"' });
  });
});
