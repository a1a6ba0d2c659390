import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { JODO_METHODS, JodoClient, JodoError, parseJodoResponse, type JodoMethod } from '../../src/api/index.js';
import { mendJson, parseJodoJson } from '../../src/api/json.js';
import { startSandbox, type RunningSandbox } from '../helpers/sandbox-server.js';

const POLICY_APIKEY = 'MsQgi5/gKVZusW5XziRf76nHbn9JxU4VDSWwongD5dU=';
const REQ = '2018-11-12 14:00:05';

// ---- a. parseJodoResponse is total ------------------------------------------------

const httpStatus = fc.integer({ min: 100, max: 599 });
/** Status-like values as Jodo writes them, and things that are not. */
const statusLike = fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.constantFrom('001', '003', ' 3 ', '67', '418', 'ok', ''), fc.jsonValue());
/** Objects shaped like Jodo answers, with arbitrary values in the known fields. */
const jodoLike = fc
  .record(
    {
      method: fc.oneof(fc.constantFrom(...JODO_METHODS), fc.jsonValue()),
      status: statusLike,
      statuscode: statusLike,
      statusdesc: fc.jsonValue(),
      recordingfilepath: fc.jsonValue(),
      userid: fc.jsonValue(),
      timestamp: fc.jsonValue(),
      data: fc.oneof(fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 3 }), fc.jsonValue()),
      statusdata: fc.oneof(
        fc.array(
          fc.record(
            {
              login: fc.oneof(fc.string(), fc.integer(), fc.jsonValue()),
              systemcallid: fc.oneof(fc.string(), fc.integer(), fc.jsonValue()),
              status: statusLike,
              statuscode: statusLike,
              currentstatus: statusLike,
              currentstatusdesc: fc.jsonValue(),
              duration: statusLike,
              statuschangetime: fc.jsonValue(),
              recordingfilepath: fc.jsonValue(),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        ),
        fc.jsonValue(),
      ),
    },
    { requiredKeys: [] },
  )
  .map((o) => JSON.stringify(o));

const BODIES: [string, fc.Arbitrary<string>][] = [
  ['fc.string()', fc.string()],
  ["fc.string({ unit: 'binary' })", fc.string({ unit: 'binary' })],
  ['fc.jsonValue() stringified', fc.jsonValue().map((v) => JSON.stringify(v) ?? '')],
  ['Jodo-like objects with arbitrary field values', jodoLike],
];

describe('parseJodoResponse never throws anything but a JodoError', () => {
  for (const method of JODO_METHODS) {
    for (const [name, body] of BODIES) {
      test(`${method}: ${name}`, () => {
        fc.assert(
          fc.property(httpStatus, body, (status, text) => {
            let result: unknown;
            try {
              result = parseJodoResponse(method, status, text);
            } catch (error) {
              assert.ok(error instanceof JodoError, `threw ${String(error)}`);
              return;
            }
            assert.ok(typeof result === 'object' && result !== null);
            const { code } = result as { code: unknown };
            assert.equal(typeof code, 'number');
            assert.ok(Number.isFinite(code as number));
          }),
          { numRuns: 200 },
        );
      });
    }
  }
});

// ---- b. the sandbox always answers JSON and keeps running -------------------------------

/** A valid request of each method for the test_org organisation (the Policy process is never addressed). */
const TEMPLATES: Record<JodoMethod, Record<string, unknown>> = {
  ImportProcessData: {
    method: 'ImportProcessData',
    apikey: 'test_org',
    servicekey: 'VoiceProcess',
    media: '8',
    updateparam: 'crmuniquefield',
    data: [{ crmuniquefield: 'prop-1', name: 'Ram', mobilenumber: '1234567890' }],
    reqdatetime: REQ,
  },
  getProcessData: { method: 'getProcessData', apikey: 'test_org', servicekey: 'VoiceProcess', searchparam: 'mobilenumber', mobilenumber: ['7507959484'], reqdatetime: REQ },
  reallocatedata: {
    method: 'reallocatedata',
    apikey: 'test_org',
    servicekey: 'VoiceProcess',
    contactnumber: '7507959484',
    login: 'tanmay.k',
    calldatetime: '2018-11-10 09:00:00',
    customercode: 0,
    reqdatetime: REQ,
  },
  saveDisposition: {
    method: 'saveDisposition',
    login: 'dinesh.s@avhan.com',
    apikey: 'test_org',
    servicekey: 'VoiceProcess',
    dispomasterid: 1,
    disporeasonid: 1,
    remarks: 'This is testing remarks',
    selecteddatetime: '',
    contactvalue: '9874561320',
    media: 'Voice In',
    reqdatetime: REQ,
  },
  customer_recording: { method: 'customer_recording', apikey: 'test_org', servicekey: 'VoiceInOut', sessionid: 483, systemcallid: '140912183554281005', reqdatetime: REQ },
  customer_multiple_recordings: {
    method: 'customer_multiple_recordings',
    apikey: 'test_org',
    servicekey: 'voiceprocess',
    systemcallids: ['180717171728015031', '180719161420031002'],
    reqdatetime: REQ,
  },
  addEditUser: {
    method: 'addEditUser',
    apikey: 'test_org',
    action: 'add',
    username: 'Batman12',
    loginid: 'Batman12@avhan.com',
    usertype: 'user',
    newpassword: 'ecc4208a7778c1d76e7e89c5253128c5',
    confirmpassword: 'ecc4208a7778c1d76e7e89c5253128c5',
    mediadetails: [{ media: 'Email In' }, { media: 'Email Out' }],
    reqdatetime: REQ,
  },
  deleteUser: { method: 'deleteUser', apikey: 'test_org', loginid: 'Batman12@avhan.com', reqdatetime: REQ },
  userStatus: { method: 'userStatus', apikey: 'test_org', servicekey: 'VoiceProcess', loginids: ['rupesh.v@avhan.com', 'user10'], reqdatetime: REQ },
};

const STACK_MARKERS = ['    at ', '.ts:'];

type Transport = 'form' | 'curl' | 'json';

/** How a request text goes on the wire: form-encoded `data=`, curl's raw `data=`, or a JSON body. */
function wireBody(transport: Transport, text: string): { contentType: string; body: string } {
  switch (transport) {
    case 'form':
      return { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams({ data: text }).toString() };
    case 'curl':
      return { contentType: 'application/x-www-form-urlencoded', body: `data=${text}` };
    case 'json':
      return { contentType: 'application/json', body: text };
  }
}

describe('the sandbox under arbitrary requests', () => {
  let running: RunningSandbox;
  /** Every request body that got a failure status: none of them may have changed anything. */
  let answered = 0;

  before(async () => {
    running = await startSandbox();
  });
  after(() => running.close());

  /** Sends one body and checks the answer is a JSON object with a status, without a stack trace. */
  async function send(contentType: string, body: string): Promise<Record<string, unknown>> {
    const response = await fetch(running.endpoint, { method: 'POST', headers: { 'content-type': contentType }, body });
    const text = await response.text();
    assert.ok(response.status === 200 || response.status === 413, `HTTP ${response.status}: ${text.slice(0, 200)}`);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json\b/);
    for (const marker of STACK_MARKERS) {
      if (!body.includes(marker)) assert.ok(!text.includes(marker), `stack-like text in ${text.slice(0, 300)}`);
    }
    const parsed: unknown = JSON.parse(text);
    assert.ok(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed), text.slice(0, 200));
    const reply = parsed as Record<string, unknown>;
    const numericish = (v: unknown) => (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^\d+$/.test(v));
    assert.ok(
      numericish(reply['status']) || numericish(reply['statuscode']) || Array.isArray(reply['statusdata']),
      `no status in ${text.slice(0, 200)}`,
    );
    assert.deepEqual(running.logs, []);
    answered++;
    return reply;
  }

  const sendText = (transport: Transport, text: string) => {
    const { contentType, body } = wireBody(transport, text);
    return send(contentType, body);
  };

  const transport = fc.constantFrom<Transport>('form', 'curl', 'json');
  const RUNS = 150;

  test('random strings as the whole body, form and JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), async (body) => {
        await send('application/x-www-form-urlencoded', body);
        await send('application/json', body);
      }),
      { numRuns: RUNS },
    );
  });

  test('data=<arbitrary JSON value>', async () => {
    await fc.assert(
      fc.asyncProperty(transport, fc.jsonValue(), async (how, value) => {
        const reply = await sendText(how, JSON.stringify(value) ?? 'null');
        // Nothing but an object with a known method can be a request.
        assert.notEqual(reply['statuscode'], '001');
      }),
      { numRuns: RUNS },
    );
  });

  test('a real method name plus arbitrary extra fields', async () => {
    const methodName = fc.oneof(fc.constantFrom(...JODO_METHODS), fc.constantFrom(...JODO_METHODS).map((m) => m.toUpperCase()));
    await fc.assert(
      fc.asyncProperty(transport, methodName, fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 6 }), async (how, method, extra) => {
        await sendText(how, JSON.stringify({ ...extra, method }));
      }),
      { numRuns: RUNS },
    );
  });

  test('valid-looking requests with one field replaced by an arbitrary JSON value', async () => {
    const replaced = fc
      .record({ method: fc.constantFrom(...JODO_METHODS), index: fc.nat(), value: fc.jsonValue() })
      .map(({ method, index, value }) => {
        const request = structuredClone(TEMPLATES[method]);
        const keys = Object.keys(request);
        request[keys[index % keys.length]!] = value;
        return request;
      });
    await fc.assert(
      fc.asyncProperty(transport, replaced, async (how, request) => {
        await sendText(how, JSON.stringify(request));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  test('valid-looking requests with one field of a nested record or list replaced', async () => {
    const nested = fc
      .record({
        which: fc.constantFrom('ImportProcessData', 'addEditUser', 'userStatus', 'customer_multiple_recordings', 'getProcessData'),
        key: fc.oneof(fc.constantFrom('crmuniquefield', 'name', 'mobilenumber', 'callDateTime', 'userlogin', 'calltype', 'media'), fc.string()),
        value: fc.jsonValue(),
      })
      .map(({ which, key, value }) => {
        const request = structuredClone(TEMPLATES[which as JodoMethod]) as Record<string, unknown>;
        if (which === 'ImportProcessData') (request['data'] as Record<string, unknown>[])[0]![key] = value;
        else if (which === 'addEditUser') (request['mediadetails'] as Record<string, unknown>[])[0]![key === 'media' ? 'media' : key] = value;
        else if (which === 'userStatus') (request['loginids'] as unknown[]).push(value);
        else if (which === 'customer_multiple_recordings') (request['systemcallids'] as unknown[]).push(value);
        else request['mobilenumber'] = [...(request['mobilenumber'] as unknown[]), value];
        return request;
      });
    await fc.assert(
      fc.asyncProperty(transport, nested, async (how, request) => {
        await sendText(how, JSON.stringify(request));
      }),
      { numRuns: RUNS },
    );
  });

  test('a body over 1 MiB is refused with a JSON answer and nothing of it is stored', async () => {
    const request = {
      ...TEMPLATES.ImportProcessData,
      data: [{ crmuniquefield: 'oversize-1', name: 'x'.repeat(1024 * 1024 + 10), mobilenumber: '1234567890' }],
    };
    for (const how of ['form', 'json'] as const) {
      const reply = await sendText(how, JSON.stringify(request));
      assert.equal(reply['status'], 2);
    }
    const lookup = await sendText('form', JSON.stringify({ ...TEMPLATES.getProcessData, searchparam: 'crmuniquefield', crmuniquefield: 'oversize-1' }));
    assert.equal(lookup['status'], 14);
  });

  test('afterwards the sandbox is healthy and the Policy records are intact', async () => {
    assert.ok(answered > 0);
    const health = await fetch(`${running.origin}/sandbox/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { ok: true });
    const client = new JodoClient({ endpoint: running.endpoint, apikey: POLICY_APIKEY, servicekey: 'Policy', retries: 0 });
    const one = await client.getProcessData({ searchparam: 'customercode', customercode: '1' });
    assert.equal(one.data.records.length, 1);
    assert.equal(one.data.records[0]!['name'], 'Avhan Technologies');
    assert.equal(one.data.records[0]!['mobilenumber'], '9000100200');
    const both = await client.getProcessData({ searchparam: 'daterange', fromdate: '2016-01-20 00:00:00', todate: '2016-01-20 23:59:59' });
    assert.deepEqual(
      both.data.records.map((r) => [r['name'], r['customercode'], r['storedatetime']]),
      [
        ['Avhan Technologies', '1', '2016-01-20 12:00:00'],
        ['Avhan Technologies 1', '2', '2016-01-20 12:00:00'],
      ],
    );
    assert.deepEqual(running.logs, []);
  });
});

// ---- c. hostile strings are stored verbatim ----------------------------------------

const HOSTILE = [
  "'; DROP TABLE records; --",
  "Robert'); DELETE FROM agents WHERE 1=1; --",
  '" OR "1"="1',
  '%27%20OR%201%3D1',
  '<script>alert(document.cookie)</script>',
  '<img src=x onerror="alert(1)">&amp;&lt;',
  '\u0000\u0001\u0002\b\t\n\v\f\r\u001b\u001f\u007f\u0085',
  '\u2028\u2029\u200b\u200e\u202e',
  '👩‍👩‍👧‍👦🇮🇳🏳️‍🌈 e\u0301',
  '“curly” ”quotes” „low“ ″',
  '180717171728015031 -12345678901234567 1.30000000000000004',
  'data={"method":"deleteUser"}&apikey=test_org+x',
  '\\u0000 \\" \\\\ \\n',
  '   leading and trailing   ',
  'x'.repeat(100_000),
];

describe('hostile strings in ImportProcessData records', () => {
  let running: RunningSandbox;
  let client: JodoClient;
  let n = 0;

  before(async () => {
    running = await startSandbox();
    client = new JodoClient({ endpoint: running.endpoint, apikey: 'test_org', servicekey: 'VoiceProcess', retries: 0 });
  });
  after(() => running.close());

  const hostile = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 50 }));

  test('are stored verbatim and read back identical through getProcessData', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, hostile, async (name, emailid, remarks, extraKey) => {
        const crmuniquefield = `hostile-${++n}`;
        const fieldName = `x_${extraKey.slice(0, 40)}`;
        const record = { crmuniquefield, name, emailid, remarks, [fieldName]: extraKey, leadnumber: name.trim() === '' ? 'lead' : name };
        const stored = await client.importProcessData({ media: 'Chat', updateparam: 'crmuniquefield', data: [record] });
        assert.equal(stored.code, 1);
        const read = await client.getProcessData({ searchparam: 'crmuniquefield', crmuniquefield });
        assert.equal(read.data.records.length, 1);
        const got = read.data.records[0]!;
        for (const [key, value] of Object.entries(record)) assert.equal(got[key], value, `field ${JSON.stringify(key)}`);
        assert.deepEqual(running.logs, []);
      }),
      { numRuns: 60 },
    );
  });

  test('each hostile sample, one field at a time, and the fixture survives', async () => {
    for (const value of HOSTILE) {
      const crmuniquefield = `hostile-sample-${++n}`;
      await client.importProcessData({ media: 'Chat', updateparam: 'crmuniquefield', data: [{ crmuniquefield, name: value, comment: value }] });
      const got = (await client.getProcessData({ searchparam: 'crmuniquefield', crmuniquefield })).data.records[0]!;
      assert.equal(got['name'], value);
      assert.equal(got['comment'], value);
    }
    const agents = await client.userStatus({ loginids: ['dinesh.s@avhan.com'] });
    assert.equal(agents.data.agents[0]!.ok, true);
    const fixture = await client.getProcessData({ searchparam: 'mobilenumber', mobilenumber: '7507959484' });
    assert.equal(fixture.data.records.length, 1);
  });

  test('a hostile value as the crmuniquefield key itself round-trips', async () => {
    for (const value of HOSTILE.filter((v) => v.trim() !== '' && v.length < 1000)) {
      const crmuniquefield = `${value}#${++n}`;
      await client.importProcessData({ media: 'Chat', updateparam: 'crmuniquefield', data: [{ crmuniquefield, name: 'key test' }] });
      const records = (await client.getProcessData({ searchparam: 'crmuniquefield', crmuniquefield })).data.records;
      assert.equal(records.length, 1, JSON.stringify(value));
      assert.equal(records[0]!['crmuniquefield'], crmuniquefield);
    }
  });
});

describe('parseJodoJson', () => {
  test('skipping the mending of text that needs none reads every text as mending it would', () => {
    // JSON, then the same with long integers and curly quotes spliced in, then arbitrary text.
    const jsonText = fc.json();
    const departures = fc.tuple(jsonText, fc.constantFrom('140912183554281005', '1234567890123456', '”x”', '“y“', '\u2033z\u2033', '123456789012345')).map(([text, part]) => text.replace(/\d+|"[^"]*"/, part));
    fc.assert(
      fc.property(fc.oneof(jsonText, departures, fc.string()), (text) => {
        let expected: unknown;
        let expectedError: unknown;
        try {
          expected = JSON.parse(mendJson(text));
        } catch (error) {
          expectedError = error;
        }
        if (expectedError) assert.throws(() => parseJodoJson(text), SyntaxError);
        else assert.deepStrictEqual(parseJodoJson(text), expected);
      }),
      { numRuns: 2000 },
    );
  });
});
