/**
 * Independent conformance suite for the Jodo-compatible sandbox.
 *
 * Written only from /work/shared/spec/customer-web-service.txt (the vendor
 * document) and /work/shared/spec/CONTRACT.md (which wins where they differ).
 * It talks to a freshly spawned sandbox over HTTP with the global fetch only.
 *
 * Run from the project root:
 *   node --import tsx --test test/conformance/conformance.node.test.ts
 *
 * Status codes of the document that the contract gives no way to produce and
 * that are therefore not exercised here:
 *   13   Tenant Database Not found            (reallocatedata)
 *   38   Error while processing               (reallocatedata)
 *   111  Error while processing               (saveDisposition)
 *   421  Invalid Process Id                   (saveDisposition; an unknown process is 1108)
 *   403  userimage not found                  (addEditUser; userimage is optional)
 *   461  clientlogin id does not exists       (deleteUser)
 *   1111 Error while processing data          (customer_recording / customer_multiple_recordings)
 *   10500 / 1001 TTS statuses                 (commercial TTS hook, not in the sandbox)
 */
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../helpers/ports.js';

// ---------------------------------------------------------------------------
// Process management
// ---------------------------------------------------------------------------

const ROOT = new URL('../../', import.meta.url).pathname;
let child: ChildProcess | undefined;
let childExited: Promise<void> = Promise.resolve();
let childOutput = '';
let port = 0;
let base = '';

function signalChild(sig: NodeJS.Signals): void {
  if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, sig); // the whole group we created (npm -> sh -> tsx -> node)
  } catch {
    try { child.kill(sig); } catch { /* already gone */ }
  }
}

async function stopChild(): Promise<void> {
  if (!child) return;
  signalChild('SIGTERM');
  const timedOut = await Promise.race([
    childExited.then(() => false),
    new Promise<boolean>((r) => setTimeout(() => r(true), 8000).unref()),
  ]);
  if (timedOut) {
    signalChild('SIGKILL');
    await childExited;
  }
  // make sure no grandchild of our group lingers
  if (child.pid !== undefined) {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* group gone */ }
  }
  child = undefined;
}

process.on('exit', () => {
  if (child?.pid !== undefined) {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  }
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------
// HTTP helpers (every response passes through `check`)
// ---------------------------------------------------------------------------

interface Res {
  http: number;
  text: string;
  body: any;
  headers: Headers;
}

const STACK_PATTERNS: RegExp[] = [
  /(?:\\n|\n)\s+at\s+\S/, // "    at fn (file:1:2)" lines, raw or JSON-escaped
  /\.(?:ts|tsx|js|mjs|cjs):\d+/, // file paths with line numbers
  /node_modules/,
  /\/work\/main\//,
];

function assertNoStackTrace(text: string, where: string): void {
  for (const re of STACK_PATTERNS) {
    assert.doesNotMatch(text, re, `response of ${where} leaks internals (${re}): ${text.slice(0, 500)}`);
  }
}

/** JSON.parse that keeps integer literals of 16+ digits as strings (as the contract asks of the server). */
function parseJson(text: string): any {
  return JSON.parse(text.replace(/([:\[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"'));
}

async function http(path: string, init: RequestInit = {}, expectJson = true): Promise<Res> {
  const r = await fetch(base + path, init);
  const text = await r.text();
  assertNoStackTrace(text, `${init.method ?? 'GET'} ${path}`);
  let body: any;
  if (expectJson) {
    try {
      body = parseJson(text);
    } catch {
      assert.fail(`${init.method ?? 'GET'} ${path} -> HTTP ${r.status}, body is not JSON: ${text.slice(0, 300)}`);
    }
  }
  return { http: r.status, text, body, headers: r.headers };
}

const WS = '/CustomerWebServices/handleCustomerWS';

/** The document's way: POST, form-encoded, one field data=<JSON>. */
function jodo(req: unknown): Promise<Res> {
  return jodoText(JSON.stringify(req));
}

/** Same, with the JSON given as text (to send bare big integers etc.). */
function jodoText(json: string): Promise<Res> {
  return http(WS, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ data: json }).toString(),
  });
}

async function ctl(path: string, body?: unknown): Promise<Res> {
  const r = await http(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  assert.ok(r.http >= 200 && r.http < 300, `control ${path} -> HTTP ${r.http}: ${r.text}`);
  return r;
}

async function resetAndPause(): Promise<void> {
  await ctl('/sandbox/reset');
  await ctl('/sandbox/dialer', { running: false });
}

async function setState(login: string, currentstatus: number): Promise<void> {
  await ctl('/sandbox/agents/state', { login, currentstatus });
}

// ---------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

function codeOf(b: any): number {
  const v = b?.status ?? b?.statuscode;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v.trim());
  return NaN;
}

function assertMeta(r: Res, method: string | undefined): void {
  if (method !== undefined) assert.equal(r.body?.method, method, `method echoed: ${r.text}`);
  assert.equal(typeof r.body?.resdatetime, 'string', `resdatetime present: ${r.text}`);
  assert.match(r.body.resdatetime, DATETIME, `resdatetime format: ${r.text}`);
}

/** ImportProcessData, getProcessData, reallocatedata. */
function ok001(r: Res, method: string): void {
  assert.equal(r.http, 200, r.text);
  assert.equal(r.body.statuscode, '001', `statuscode "001": ${r.text}`);
  assert.equal(r.body.statusdesc, 'success', r.text);
  assertMeta(r, method);
}

/** saveDisposition, customer_recording, addEditUser. */
function ok3(r: Res, method: string): void {
  assert.equal(r.http, 200, r.text);
  assert.equal(r.body.status, 3, `status 3: ${r.text}`);
  assert.equal(r.body.statusdesc, 'success', r.text);
  assertMeta(r, method);
}

/** deleteUser. */
function ok1(r: Res, method: string): void {
  assert.equal(r.http, 200, r.text);
  assert.equal(r.body.status, 1, `status 1: ${r.text}`);
  assert.equal(r.body.statusdesc, 'success', r.text);
  assertMeta(r, method);
}

function fails(r: Res, code: number, method?: string): void {
  assert.equal(r.http, 200, `HTTP 200 expected: ${r.text}`);
  assert.equal(codeOf(r.body), code, `code ${code} expected: ${r.text}`);
  assert.equal(typeof r.body.statusdesc, 'string', `statusdesc: ${r.text}`);
  assert.ok(r.body.statusdesc.length > 0, `statusdesc non-empty: ${r.text}`);
  assertMeta(r, method);
}

// ---------------------------------------------------------------------------
// Dates (server local time, same machine)
// ---------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, '0');
function fmt(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
const inDays = (n: number) => new Date(Date.now() + n * 86400_000);
const now = () => fmt(new Date());

// ---------------------------------------------------------------------------
// Fixture constants and request builders
// ---------------------------------------------------------------------------

const ORG = 'test_org';
const ORG2 = 'MsQgi5/gKVZusW5XziRf76nHbn9JxU4VDSWwongD5dU=';
const MD5 = 'ecc4208a7778c1d76e7e89c5253128c5';

function importReq(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    method: 'ImportProcessData',
    reqdatetime: now(),
    servicekey: 'VoiceProcess',
    apikey: ORG,
    media: '12',
    updateparam: 'mobilenumber',
    data: [{ name: 'Test', mobilenumber: '9811100000' }],
    ...over,
  };
}

function getReq(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    method: 'getProcessData',
    reqdatetime: now(),
    servicekey: 'VoiceProcess',
    apikey: ORG,
    searchparam: 'mobilenumber',
    mobilenumber: '7507959484',
    ...over,
  };
}

function policyGet(over: Record<string, unknown> = {}): Record<string, unknown> {
  return getReq({ servicekey: 'Policy', apikey: ORG2, ...over });
}

function reallocReq(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    method: 'reallocatedata',
    apikey: ORG,
    servicekey: 'VoiceProcess',
    contactnumber: '7507959484',
    login: 'tanmay.k',
    calldatetime: fmt(inDays(1)),
    customercode: 0,
    reqdatetime: now(),
    ...over,
  };
}

function dispoReq(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    method: 'saveDisposition',
    login: 'dinesh.s@avhan.com',
    apikey: ORG,
    servicekey: 'VoiceProcess',
    dispomasterid: 1,
    disporeasonid: 1,
    remarks: 'This is testing remarks',
    selecteddatetime: fmt(inDays(1)),
    contactvalue: '9874561320',
    media: 'Voice In',
    reqdatetime: now(),
    ...over,
  };
}

function recReq(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    method: 'customer_recording',
    apikey: ORG,
    servicekey: 'VoiceInOut',
    sessionid: 483,
    systemcallid: '140912183554281005',
    reqdatetime: '2018-11-12 14:00:05',
    ...over,
  };
}

function multiReq(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    method: 'customer_multiple_recordings',
    apikey: ORG,
    servicekey: 'voiceprocess',
    systemcallids: ['180717171728015031', '180719161420031002'],
    reqdatetime: '2018-11-12 14:00:05',
    ...over,
  };
}

function userReq(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    method: 'addEditUser',
    apikey: ORG,
    action: 'add',
    userimage: 'c2c_clicktocall_201601051003844.jpg',
    username: 'Batman12',
    loginid: 'Batman12@avhan.com',
    usertype: 'user',
    newpassword: MD5,
    confirmpassword: MD5,
    mediadetails: [{ media: 'Email In' }, { media: 'Email Out' }],
    customercode: 100783,
    groups: ['Avhan_group', 'Batman_group'],
    gender: 'Male',
    dob: '1990-11-13',
    doj: '2014-11-13 ',
    address: 'Postal colony, chembur',
    country: 'India',
    state: 'Maharashtra',
    city: 'Chembur',
    language: [
      { languageid: '1', language: 'English' },
      { languageid: '2', language: 'Hindi' },
    ],
    contactdetails: [
      { contactid: 'facebook', contacttype: 'testdemo987@avhan.com' },
      { contactid: 'mobile number', contacttype: '8465982541' },
    ],
    skilldetails: [
      { skillname: 'language', skilldetail: 'hindi', proficiencyvalue: '4' },
      { skillname: 'product', skilldetail: 'old', proficiencyvalue: '4' },
    ],
    reqdatetime: '2018-11-12 14:00:05',
    ...over,
  };
}

function deleteReq(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    method: 'deleteUser',
    apikey: ORG,
    loginid: 'Batman12@avhan.com',
    reqdatetime: '2018-11-12 14:00:05',
    ...over,
  };
}

function statusReq(loginids: unknown, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    method: 'userStatus',
    apikey: ORG,
    servicekey: 'VoiceProcess',
    loginids,
    reqdatetime: now(),
    ...over,
  };
}

async function statusOf(login: string): Promise<any> {
  const r = await jodo(statusReq([login]));
  assert.equal(r.http, 200, r.text);
  assert.ok(Array.isArray(r.body.statusdata), `statusdata array: ${r.text}`);
  const e = r.body.statusdata.find((x: any) => x.login === login);
  assert.ok(e, `entry for ${login}: ${r.text}`);
  return e;
}

/** getProcessData and return its data array (asserting success). */
async function read(req: Record<string, unknown>): Promise<any[]> {
  const r = await jodo(req);
  ok001(r, 'getProcessData');
  assert.ok(Array.isArray(r.body.data), `data array: ${r.text}`);
  return r.body.data;
}

const str = (v: unknown) => (v === undefined || v === null ? v : String(v));

function isAudio(buf: Uint8Array): boolean {
  const s = (a: number, b: number) => Buffer.from(buf.subarray(a, b)).toString('latin1');
  return (
    (s(0, 4) === 'RIFF' && s(8, 12) === 'WAVE') ||
    s(0, 3) === 'ID3' ||
    (buf[0] === 0xff && (buf[1] & 0xe0) === 0xe0) ||
    s(0, 4) === 'OggS' ||
    s(0, 4) === 'fLaC' ||
    s(4, 8) === 'ftyp'
  );
}

// ---------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------

describe('Jodo sandbox conformance', () => {
  before(async () => {
    try {
      port = await freePort();
      base = `http://127.0.0.1:${port}`;
      child = spawn('npm', ['run', '--silent', 'sandbox', '--', '--port', String(port), '--db', ':memory:'], {
        cwd: ROOT,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: process.env,
      });
      const c = child;
      childExited = new Promise<void>((resolve) => {
        if (c.exitCode !== null || c.signalCode !== null) resolve();
        c.once('exit', () => resolve());
        c.once('error', () => resolve());
      });
      const keep = (d: Buffer) => {
        childOutput = (childOutput + d.toString()).slice(-4000);
      };
      c.stdout?.on('data', keep);
      c.stderr?.on('data', keep);

      const deadline = Date.now() + 30_000;
      let exited = false;
      void childExited.then(() => { exited = true; });
      for (;;) {
        if (exited) throw new Error(`sandbox exited before answering health: ${childOutput}`);
        try {
          const r = await fetch(`${base}/sandbox/health`);
          if (r.ok) {
            const j = await r.json().catch(() => null);
            if (j && j.ok === true) break;
          }
        } catch { /* not listening yet */ }
        if (Date.now() > deadline) throw new Error(`sandbox not healthy within 30 s: ${childOutput}`);
        await sleep(200);
      }
    } catch (e) {
      await stopChild();
      throw e;
    }
  }, { timeout: 45_000 });

  after(async () => {
    await stopChild();
  }, { timeout: 20_000 });

  // -------------------------------------------------------------------------
  describe('control API basics', () => {
    beforeEach(resetAndPause);

    test('GET /sandbox/health answers {"ok":true}', async () => {
      const r = await http('/sandbox/health');
      assert.equal(r.http, 200);
      assert.equal(r.body.ok, true);
    });

    test('reset brings the default fixture back and removes everything else', async () => {
      ok001(await jodo(importReq({ data: [{ name: 'Gone', mobilenumber: '9811100555' }] })), 'ImportProcessData');
      assert.equal((await read(getReq({ mobilenumber: '9811100555' }))).length, 1);
      await resetAndPause();
      fails(await jodo(getReq({ mobilenumber: '9811100555' })), 14, 'getProcessData');
      assert.equal((await read(getReq({ mobilenumber: '7507959484' }))).length, 1);
    });
  });

  // -------------------------------------------------------------------------
  describe('transport', () => {
    beforeEach(resetAndPause);

    test('POST form-encoded data=<JSON> (URLSearchParams)', async () => {
      const data = await read(policyGet({ searchparam: 'customercode', customercode: '1', mobilenumber: undefined }));
      assert.equal(data.length, 1);
      assert.equal(data[0].name, 'Avhan Technologies');
    });

    test('curl -d "data={...}" raw body: a "+" in a mobile number stays a plus, "&" stays in', async () => {
      const rec = { name: 'Tom & Jerry', mobilenumber: '+919876543210', emailid: 'a+b@x.com' };
      const raw = 'data=' + JSON.stringify(importReq({ data: [rec] }));
      const w = await http(WS, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: raw,
      });
      ok001(w, 'ImportProcessData');
      const data = await read(getReq({ mobilenumber: '+919876543210' }));
      assert.equal(data.length, 1, JSON.stringify(data));
      assert.equal(data[0].mobilenumber, '+919876543210');
      assert.equal(data[0].name, 'Tom & Jerry');
      assert.equal(data[0].emailid, 'a+b@x.com');
    });

    test('curl-style raw body with an apikey containing "/" and "="', async () => {
      const raw = 'data=' + JSON.stringify(policyGet({ searchparam: 'customercode', customercode: '2', mobilenumber: undefined }));
      const r = await http(WS, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: raw,
      });
      ok001(r, 'getProcessData');
      assert.equal(r.body.data.length, 1);
      assert.equal(str(r.body.data[0].leadnumber), '2');
    });

    test('GET ?data=<JSON>', async () => {
      const q = encodeURIComponent(JSON.stringify(policyGet({ searchparam: 'customercode', customercode: '2', mobilenumber: undefined })));
      const r = await http(`${WS}?data=${q}`);
      ok001(r, 'getProcessData');
      assert.equal(r.body.data.length, 1);
      assert.equal(r.body.data[0].name, 'Avhan Technologies 1');
    });

    test('POST application/json body', async () => {
      const r = await http(WS, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(getReq()),
      });
      ok001(r, 'getProcessData');
      assert.equal(r.body.data.length, 1);
      assert.equal(str(r.body.data[0].mobilenumber), '7507959484');
    });

    test('POST application/json body writes too', async () => {
      const r = await http(WS, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(importReq({ data: [{ name: 'Json', mobilenumber: '+447700900123' }] })),
      });
      ok001(r, 'ImportProcessData');
      const data = await read(getReq({ mobilenumber: '+447700900123' }));
      assert.equal(data.length, 1);
      assert.equal(data[0].name, 'Json');
    });
  });

  // -------------------------------------------------------------------------
  describe('common codes 1107 / 1108 / 1243 (checked first on every method)', () => {
    beforeEach(resetAndPause);

    const withService: Record<string, () => Record<string, unknown>> = {
      ImportProcessData: () => importReq(),
      getProcessData: () => getReq(),
      reallocatedata: () => reallocReq(),
      saveDisposition: () => dispoReq(),
      customer_recording: () => recReq({ servicekey: 'VoiceProcess', systemcallid: '180717171728015031', sessionid: undefined }),
      customer_multiple_recordings: () => multiReq(),
      userStatus: () => statusReq(['user1']),
    };

    for (const [method, make] of Object.entries(withService)) {
      test(`${method}: apikey missing -> 1107`, async () => {
        fails(await jodo({ ...make(), apikey: undefined }), 1107, method);
      });
      test(`${method}: apikey unknown -> 1107`, async () => {
        fails(await jodo({ ...make(), apikey: 'no_such_org' }), 1107, method);
      });
      test(`${method}: servicekey missing -> 1108`, async () => {
        fails(await jodo({ ...make(), servicekey: undefined }), 1108, method);
      });
      test(`${method}: servicekey unknown -> 1108`, async () => {
        fails(await jodo({ ...make(), servicekey: 'NoSuchProcess' }), 1108, method);
      });
      test(`${method}: servicekey of another organisation -> 1243`, async () => {
        fails(await jodo({ ...make(), servicekey: 'Policy' }), 1243, method);
      });
    }

    test('1243 the other way round (org2 key, test_org process)', async () => {
      fails(await jodo(getReq({ apikey: ORG2, servicekey: 'VoiceProcess' })), 1243, 'getProcessData');
    });

    test('1107 wins over everything else missing', async () => {
      fails(await jodo({ method: 'getProcessData', apikey: 'nope', reqdatetime: now() }), 1107, 'getProcessData');
    });

    for (const [method, make] of Object.entries({ addEditUser: () => userReq(), deleteUser: () => deleteReq() })) {
      test(`${method}: apikey missing -> 1107`, async () => {
        fails(await jodo({ ...make(), apikey: undefined }), 1107, method);
      });
      test(`${method}: apikey unknown -> 1107`, async () => {
        fails(await jodo({ ...make(), apikey: 'no_such_org' }), 1107, method);
      });
    }

    test('servicekey matches case-insensitively', async () => {
      ok001(await jodo(getReq({ servicekey: 'voiceprocess' })), 'getProcessData');
      ok001(await jodo(getReq({ servicekey: 'VOICEPROCESS' })), 'getProcessData');
      ok001(await jodo(policyGet({ servicekey: 'policy', mobilenumber: '9000100200' })), 'getProcessData');
    });
  });

  // -------------------------------------------------------------------------
  describe('request format errors -> 2', () => {
    beforeEach(resetAndPause);

    test('non-JSON data', async () => {
      fails(await jodoText('this is {not json'), 2);
    });

    test('the document\'s own unmended sample (missing commas) is not JSON', async () => {
      fails(await jodoText('{\n"method":"getProcessData"\n"apikey":"test_org"\n}'), 2);
    });

    test('empty data', async () => {
      fails(await jodoText(''), 2);
    });

    test('no data field at all', async () => {
      const r = await http(WS, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'foo=bar',
      });
      fails(r, 2);
    });

    test('a JSON array instead of an object', async () => {
      fails(await jodoText('[1,2,3]'), 2);
    });

    test('missing method', async () => {
      fails(await jodo({ apikey: ORG, servicekey: 'VoiceProcess', reqdatetime: now() }), 2);
    });

    test('unknown method (echoed back)', async () => {
      fails(await jodo({ method: 'dropEverything', apikey: ORG, servicekey: 'VoiceProcess', reqdatetime: now() }), 2, 'dropEverything');
    });

    test('ImportProcessData with data as a string', async () => {
      fails(await jodo(importReq({ data: 'not-an-array' })), 2, 'ImportProcessData');
    });

    test('getProcessData with mobilenumber as an object', async () => {
      fails(await jodo(getReq({ mobilenumber: { a: 1 } })), 2, 'getProcessData');
    });

    test('customer_multiple_recordings systemcallids missing', async () => {
      fails(await jodo(multiReq({ systemcallids: undefined })), 2, 'customer_multiple_recordings');
    });

    test('customer_multiple_recordings systemcallids not an array', async () => {
      fails(await jodo(multiReq({ systemcallids: '180717171728015031' })), 2, 'customer_multiple_recordings');
    });
  });

  // -------------------------------------------------------------------------
  describe('ImportProcessData', () => {
    beforeEach(resetAndPause);

    test('document sample 1 (VoiceProcess, updateparam mobilenumber), mended', async () => {
      const r = await jodo({
        method: 'ImportProcessData',
        reqdatetime: '2018-11-12 14:00:05',
        servicekey: 'VoiceProcess',
        apikey: 'test_org',
        media: '11',
        updateparam: 'mobilenumber',
        data: [
          { fname: 'suvarna', lname: 'gadakh', mobilenumber: '00918452892308', extra_params: 'xyz', call_type: '5' },
          { fname: 'suvarna', lname: 'gadakh', mobilenumber: '00918452892308', extra_params: 'xyz', call_type: '5' },
        ],
      });
      ok001(r, 'ImportProcessData');
      const data = await read(getReq({ mobilenumber: '00918452892308' }));
      assert.equal(data.length, 1, `upserted on mobilenumber: ${JSON.stringify(data)}`);
      assert.equal(data[0].fname, 'suvarna');
      assert.equal(data[0].lname, 'gadakh');
    });

    test('document sample 2 (process1, updateparam customercode), mended', async () => {
      const r = await jodo({
        method: 'ImportProcessData',
        reqdatetime: '2018-11-12 14:00:05',
        servicekey: 'process1',
        apikey: ORG2,
        media: '11',
        updateparam: 'customercode',
        data: [
          { leadnumber: '1', customercode: '1', name: 'Ram', mobilenumber: '1234567890', emailid: 'v@avhan.com' },
          { leadnumber: '2', customercode: '2', name: 'abc', mobilenumber: '1234567891', emailid: 'v1@avhan.com' },
        ],
      });
      ok001(r, 'ImportProcessData');
      const data = await read({ ...getReq({ servicekey: 'process1', apikey: ORG2 }), searchparam: 'customercode', customercode: '2' });
      assert.equal(data.length, 1);
      assert.equal(data[0].name, 'abc');
      assert.equal(data[0].emailid, 'v1@avhan.com');
    });

    test('document sample 3 (process1, updateparam crmuniquefield), mended; records without the key are inserted as new', async () => {
      const req = {
        method: 'ImportProcessData',
        reqdatetime: '2018-11-12 14:00:05',
        servicekey: 'process1',
        apikey: ORG2,
        media: '11',
        updateparam: 'crmuniquefield',
        data: [
          { leadnumber: '1', customercode: '1', name: 'Ram', mobilenumber: '1234567890', emailid: 'v@avhan.com', callDateTime: '2018-06-20 09:07:00', calltype: '71' },
          { leadnumber: '2', customercode: '2', name: 'abc', mobilenumber: '1234567891', emailid: 'v1@avhan.com', callDateTime: '2018-06-20 09:07:00', calltype: '41' },
        ],
      };
      ok001(await jodo(req), 'ImportProcessData');
      const q = getReq({ servicekey: 'process1', apikey: ORG2, mobilenumber: ['1234567890', '1234567891'] });
      assert.equal((await read(q)).length, 2);
      ok001(await jodo(req), 'ImportProcessData');
      assert.equal((await read(q)).length, 4, 'no crmuniquefield value: inserted as new each time');
    });

    test('media missing -> 18', async () => {
      fails(await jodo(importReq({ media: undefined })), 18, 'ImportProcessData');
    });
    test('media blank -> 19', async () => {
      fails(await jodo(importReq({ media: '' })), 19, 'ImportProcessData');
    });
    test('media id not in the table -> 17', async () => {
      fails(await jodo(importReq({ media: '99' })), 17, 'ImportProcessData');
    });
    test('media name not in the table -> 17', async () => {
      fails(await jodo(importReq({ media: 'Carrier Pigeon' })), 17, 'ImportProcessData');
    });
    test('updateparam missing -> 24', async () => {
      fails(await jodo(importReq({ updateparam: undefined })), 24, 'ImportProcessData');
    });
    test('updateparam blank -> 25', async () => {
      fails(await jodo(importReq({ updateparam: '' })), 25, 'ImportProcessData');
    });
    test('updateparam invalid -> 26', async () => {
      fails(await jodo(importReq({ updateparam: 'emailid' })), 26, 'ImportProcessData');
    });

    test('media as number id, as string id, and as name', async () => {
      for (const [i, media] of [12, '12', 'Voice Out', 'Voice In', 11].entries()) {
        const mob = `98111000${10 + i}`;
        ok001(await jodo(importReq({ media, data: [{ name: `M${i}`, mobilenumber: mob }] })), 'ImportProcessData');
        assert.equal((await read(getReq({ mobilenumber: mob })))[0].name, `M${i}`);
      }
    });

    test('upsert on mobilenumber keeps fields the update does not carry', async () => {
      ok001(await jodo(importReq({ data: [{ name: 'A', mobilenumber: '9811122233', emailid: 'a@x.com', extrafield1: 'e1' }] })), 'ImportProcessData');
      ok001(await jodo(importReq({ data: [{ name: 'B', mobilenumber: '9811122233' }] })), 'ImportProcessData');
      const data = await read(getReq({ mobilenumber: '9811122233' }));
      assert.equal(data.length, 1);
      assert.equal(data[0].name, 'B');
      assert.equal(data[0].emailid, 'a@x.com');
      assert.equal(data[0].extrafield1, 'e1');
    });

    test('upsert on customercode changes the mobile number and keeps the name', async () => {
      const up = { updateparam: 'customercode' };
      ok001(await jodo(importReq({ ...up, data: [{ customercode: 'C77', name: 'X', mobilenumber: '9811100001' }] })), 'ImportProcessData');
      ok001(await jodo(importReq({ ...up, data: [{ customercode: 'C77', mobilenumber: '9811100002' }] })), 'ImportProcessData');
      const data = await read(getReq({ searchparam: 'customercode', customercode: 'C77' }));
      assert.equal(data.length, 1);
      assert.equal(str(data[0].mobilenumber), '9811100002');
      assert.equal(data[0].name, 'X');
    });

    test('upsert on crmuniquefield', async () => {
      const up = { updateparam: 'crmuniquefield' };
      ok001(await jodo(importReq({ ...up, data: [{ crmuniquefield: 'POP100300', name: 'a', mobilenumber: '9866600001' }] })), 'ImportProcessData');
      ok001(await jodo(importReq({ ...up, data: [{ crmuniquefield: 'POP100300', emailid: 'e@x.com' }] })), 'ImportProcessData');
      const data = await read(getReq({ searchparam: 'crmuniquefield', crmuniquefield: 'POP100300' }));
      assert.equal(data.length, 1);
      assert.equal(data[0].name, 'a');
      assert.equal(data[0].emailid, 'e@x.com');
    });

    test('records are isolated per process (same organisation)', async () => {
      ok001(await jodo(importReq({ servicekey: 'VoiceInOut', data: [{ name: 'InOut', mobilenumber: '9822200001' }] })), 'ImportProcessData');
      fails(await jodo(getReq({ mobilenumber: '9822200001' })), 14, 'getProcessData');
      fails(await jodo(getReq({ servicekey: 'VoiceInOut' })), 14, 'getProcessData'); // fixture record is VoiceProcess's
      // an import on process1 with customercode 1 does not touch Policy's customercode 1
      ok001(await jodo(importReq({ apikey: ORG2, servicekey: 'process1', updateparam: 'customercode', data: [{ customercode: '1', name: 'P1' }] })), 'ImportProcessData');
      const pol = await read(policyGet({ searchparam: 'customercode', customercode: '1', mobilenumber: undefined }));
      assert.equal(pol.length, 1);
      assert.equal(pol[0].name, 'Avhan Technologies');
    });

    test('records are isolated per organisation', async () => {
      ok001(await jodo(importReq({ updateparam: 'customercode', data: [{ customercode: '1', name: 'OtherOrg', mobilenumber: '9000100200' }] })), 'ImportProcessData');
      const pol = await read(policyGet({ searchparam: 'customercode', customercode: '1', mobilenumber: undefined }));
      assert.equal(pol.length, 1);
      assert.equal(pol[0].name, 'Avhan Technologies');
      const mine = await read(getReq({ searchparam: 'customercode', customercode: '1' }));
      assert.equal(mine.length, 1);
      assert.equal(mine[0].name, 'OtherOrg');
    });
  });

  // -------------------------------------------------------------------------
  describe('getProcessData', () => {
    beforeEach(resetAndPause);

    test('document sample: searchparam mobilenumber with an array', async () => {
      const data = await read({
        method: 'getProcessData',
        reqdatetime: '2016-01-19 12:00:00',
        servicekey: 'Policy',
        apikey: ORG2,
        searchparam: 'mobilenumber',
        mobilenumber: ['9000100200', '9000100201', '9000100203'],
      });
      assert.equal(data.length, 2);
      assert.deepEqual(data.map((d) => str(d.leadnumber)).sort(), ['1', '2']);
      assert.deepEqual(data.map((d) => str(d.mobilenumber)).sort(), ['9000100200', '9000100201']);
    });

    test('document sample: searchparam customercode', async () => {
      const data = await read({
        method: 'getProcessData',
        reqdatetime: '2016-01-19 12:00:00',
        servicekey: 'Policy',
        apikey: ORG2,
        searchparam: 'customercode',
        customercode: '1',
      });
      assert.equal(data.length, 1);
      assert.equal(data[0].name, 'Avhan Technologies');
      assert.equal(str(data[0].leadnumber), '1');
    });

    test('document sample: searchparam crmuniquefield', async () => {
      const data = await read({
        method: 'getProcessData',
        reqdatetime: '2016-01-19 12:00:00',
        servicekey: 'Policy',
        apikey: ORG2,
        searchparam: 'crmuniquefield',
        crmuniquefield: '1',
      });
      assert.equal(data.length, 1);
      assert.equal(data[0].name, 'Avhan Technologies');
    });

    test('document sample: searchparam daterange (on storedatetime)', async () => {
      const data = await read({
        method: 'getProcessData',
        reqdatetime: '2016-01-19 12:00:00',
        servicekey: 'Policy',
        apikey: ORG2,
        searchparam: 'daterange',
        fromdate: '2016-01-19 12:00:00',
        todate: '2016-01-22 12:00:00',
      });
      assert.equal(data.length, 2);
    });

    test('mobilenumber as a single string', async () => {
      const data = await read(policyGet({ mobilenumber: '9000100201' }));
      assert.equal(data.length, 1);
      assert.equal(str(data[0].leadnumber), '2');
      assert.equal(data[0].name, 'Avhan Technologies 1');
    });

    test('daterange matches storedatetime: a window without the fixture date finds nothing', async () => {
      fails(await jodo(policyGet({ searchparam: 'daterange', mobilenumber: undefined, fromdate: '2016-01-21 00:00:00', todate: '2016-01-22 00:00:00' })), 14, 'getProcessData');
    });

    test('daterange: imported records are stamped with the time of import', async () => {
      ok001(await jodo(importReq({ apikey: ORG2, servicekey: 'Policy', updateparam: 'customercode', data: [{ customercode: 'C900', name: 'Fresh', mobilenumber: '9000100299' }] })), 'ImportProcessData');
      const recent = await read(policyGet({ searchparam: 'daterange', mobilenumber: undefined, fromdate: fmt(inDays(-1)), todate: fmt(inDays(1)) }));
      assert.equal(recent.length, 1, JSON.stringify(recent));
      assert.equal(recent[0].name, 'Fresh');
      const old = await read(policyGet({ searchparam: 'daterange', mobilenumber: undefined, fromdate: '2016-01-19 12:00:00', todate: '2016-01-22 12:00:00' }));
      assert.equal(old.length, 2);
    });

    test('searchparam missing -> 24', async () => {
      fails(await jodo(getReq({ searchparam: undefined })), 24, 'getProcessData');
    });
    test('searchparam blank -> 25', async () => {
      fails(await jodo(getReq({ searchparam: '' })), 25, 'getProcessData');
    });
    test('searchparam unknown -> 26', async () => {
      fails(await jodo(getReq({ searchparam: 'phone' })), 26, 'getProcessData');
    });
    test('searchparam is case-sensitive -> 26', async () => {
      fails(await jodo(getReq({ searchparam: 'MobileNumber' })), 26, 'getProcessData');
    });
    test('no match -> 14', async () => {
      fails(await jodo(getReq({ mobilenumber: '9000999999' })), 14, 'getProcessData');
    });
    test('fromdate after todate -> 15', async () => {
      fails(await jodo(policyGet({ searchparam: 'daterange', mobilenumber: undefined, fromdate: '2016-01-22 12:00:00', todate: '2016-01-19 12:00:00' })), 15, 'getProcessData');
    });
    test('fromdate malformed -> 15', async () => {
      fails(await jodo(policyGet({ searchparam: 'daterange', mobilenumber: undefined, fromdate: '19-01-2016', todate: '2016-01-22 12:00:00' })), 15, 'getProcessData');
    });
    test('todate malformed -> 16', async () => {
      fails(await jodo(policyGet({ searchparam: 'daterange', mobilenumber: undefined, fromdate: '2016-01-19 12:00:00', todate: '2016/01/22 12:00:00' })), 16, 'getProcessData');
    });

    test('SQL-looking search value matches nothing', async () => {
      fails(await jodo(policyGet({ searchparam: 'customercode', mobilenumber: undefined, customercode: "' OR '1'='1" })), 14, 'getProcessData');
      fails(await jodo(policyGet({ mobilenumber: "9000100200' OR 1=1 --" })), 14, 'getProcessData');
    });
  });

  // -------------------------------------------------------------------------
  describe('reallocatedata', () => {
    beforeEach(resetAndPause);

    test('document sample, mended', async () => {
      ok001(await jodo({
        method: 'reallocatedata',
        apikey: 'test_org',
        servicekey: 'VoiceProcess',
        contactnumber: '7507959484',
        login: 'tanmay.k',
        calldatetime: '2018-11-10 09:00:00',
        customercode: 0,
        reqdatetime: '2018-11-12 14:00:05',
      }), 'reallocatedata');
    });

    test('to an e-mail login, for a freshly imported contact', async () => {
      ok001(await jodo(importReq({ data: [{ name: 'R', mobilenumber: '9811100077' }] })), 'ImportProcessData');
      ok001(await jodo(reallocReq({ contactnumber: '9811100077', login: 'rupesh.v@avhan.com' })), 'reallocatedata');
    });

    test('contactnumber missing -> 71', async () => {
      fails(await jodo(reallocReq({ contactnumber: undefined })), 71, 'reallocatedata');
    });
    test('contactnumber blank -> 71', async () => {
      fails(await jodo(reallocReq({ contactnumber: '' })), 71, 'reallocatedata');
    });
    test('contactnumber unknown -> 70', async () => {
      fails(await jodo(reallocReq({ contactnumber: '7000000001' })), 70, 'reallocatedata');
    });
    test('contact of another process -> 70', async () => {
      fails(await jodo(reallocReq({ servicekey: 'VoiceInOut' })), 70, 'reallocatedata');
    });
    test('login missing -> 73', async () => {
      fails(await jodo(reallocReq({ login: undefined })), 73, 'reallocatedata');
    });
    test('login blank -> 73', async () => {
      fails(await jodo(reallocReq({ login: '' })), 73, 'reallocatedata');
    });
    test('login unknown -> 72', async () => {
      fails(await jodo(reallocReq({ login: 'ghost@avhan.com' })), 72, 'reallocatedata');
    });
  });

  // -------------------------------------------------------------------------
  describe('saveDisposition', () => {
    beforeEach(async () => {
      await resetAndPause();
      await setState('dinesh.s@avhan.com', 7);
    });

    test('document sample, mended (agent in Wrapup, callback in window) -> 3, agent back to Ready', async () => {
      assert.equal((await statusOf('dinesh.s@avhan.com')).currentstatus, 7);
      ok3(await jodo({
        method: 'saveDisposition',
        login: 'dinesh.s@avhan.com',
        apikey: 'test_org',
        servicekey: 'VoiceProcess',
        dispomasterid: 1,
        disporeasonid: 1,
        remarks: 'This is testing remarks',
        selecteddatetime: fmt(inDays(1)),
        contactvalue: '9874561320',
        media: 'Voice In',
        reqdatetime: now(),
      }), 'saveDisposition');
      const e = await statusOf('dinesh.s@avhan.com');
      assert.equal(e.currentstatus, 1);
      assert.equal(e.currentstatusdesc, 'Ready');
    });

    test('no callback (empty selecteddatetime), media as id', async () => {
      ok3(await jodo(dispoReq({ selecteddatetime: '', media: 11, dispomasterid: 2, disporeasonid: 3 })), 'saveDisposition');
    });

    test('legacy (non e-mail) login works', async () => {
      await setState('tanmay.k', 7);
      ok3(await jodo(dispoReq({ login: 'tanmay.k', dispomasterid: 3, disporeasonid: 6, selecteddatetime: '' })), 'saveDisposition');
      assert.equal((await statusOf('tanmay.k')).currentstatus, 1);
    });

    test('unknown login -> 4', async () => {
      fails(await jodo(dispoReq({ login: 'ghost@avhan.com' })), 4, 'saveDisposition');
    });
    test('agent not in Wrapup -> 6', async () => {
      await setState('dinesh.s@avhan.com', 1);
      fails(await jodo(dispoReq()), 6, 'saveDisposition');
    });
    test('agent Talking -> 6', async () => {
      await setState('dinesh.s@avhan.com', 5);
      fails(await jodo(dispoReq()), 6, 'saveDisposition');
    });
    test('selecteddatetime in a wrong format -> 7', async () => {
      fails(await jodo(dispoReq({ selecteddatetime: '01/11/2018 17:00' })), 7, 'saveDisposition');
    });
    test('selecteddatetime in the past -> 8', async () => {
      fails(await jodo(dispoReq({ selecteddatetime: '2018-11-01 17:00:00' })), 8, 'saveDisposition');
    });
    test('selecteddatetime beyond the 30-day window -> 8', async () => {
      fails(await jodo(dispoReq({ selecteddatetime: fmt(inDays(40)) })), 8, 'saveDisposition');
    });
    test('unknown dispomasterid -> 31', async () => {
      fails(await jodo(dispoReq({ dispomasterid: 99 })), 31, 'saveDisposition');
    });
    test('unknown disporeasonid -> 31', async () => {
      fails(await jodo(dispoReq({ disporeasonid: 99 })), 31, 'saveDisposition');
    });
    test('reason not under that master -> 31', async () => {
      fails(await jodo(dispoReq({ dispomasterid: 1, disporeasonid: 3 })), 31, 'saveDisposition');
    });
    test('contact on the DNC list (9999999999) -> 32', async () => {
      fails(await jodo(dispoReq({ contactvalue: '9999999999' })), 32, 'saveDisposition');
    });
    test('DNC is checked without a callback too -> 32', async () => {
      fails(await jodo(dispoReq({ contactvalue: '9999999999', selecteddatetime: '' })), 32, 'saveDisposition');
    });

    test('at most 3 callbacks per contact, then 33; a disposition without callback still works', async () => {
      for (let i = 1; i <= 3; i++) {
        await setState('dinesh.s@avhan.com', 7);
        ok3(await jodo(dispoReq({ contactvalue: '9811144455', selecteddatetime: fmt(inDays(i)) })), 'saveDisposition');
      }
      await setState('dinesh.s@avhan.com', 7);
      fails(await jodo(dispoReq({ contactvalue: '9811144455', selecteddatetime: fmt(inDays(4)) })), 33, 'saveDisposition');
      // another contact is unaffected
      await setState('dinesh.s@avhan.com', 7);
      ok3(await jodo(dispoReq({ contactvalue: '9811144456', selecteddatetime: fmt(inDays(4)) })), 'saveDisposition');
      await setState('dinesh.s@avhan.com', 7);
      ok3(await jodo(dispoReq({ contactvalue: '9811144455', selecteddatetime: '' })), 'saveDisposition');
    });

    test('an 18-digit systemcallid sent as a bare JSON number is accepted', async () => {
      const call = await ctl('/sandbox/calls', { login: 'dinesh.s@avhan.com', mobilenumber: '9811100123', servicekey: 'VoiceProcess' });
      const id = String(call.body.systemcallid);
      assert.match(id, /^\d{18}$/, call.text);
      assert.equal((await statusOf('dinesh.s@avhan.com')).currentstatus, 7);
      const json = JSON.stringify(dispoReq({ contactvalue: '9811100123', systemcallid: 'X' })).replace('"X"', id);
      assert.ok(json.includes(`"systemcallid":${id}`));
      ok3(await jodoText(json), 'saveDisposition');
      assert.equal((await statusOf('dinesh.s@avhan.com')).currentstatus, 1);
    });
  });

  // -------------------------------------------------------------------------
  describe('customer_recording', () => {
    beforeEach(resetAndPause);

    test('document sample (VoiceInOut, sessionid 483) -> 3 with a recording URL', async () => {
      const r = await jodo({
        method: 'customer_recording',
        apikey: 'test_org',
        servicekey: 'VoiceInOut',
        sessionid: 483,
        systemcallid: '140912183554281005',
        reqdatetime: '2018-11-12 14:00:05',
      });
      ok3(r, 'customer_recording');
      assert.equal(typeof r.body.recordingfilepath, 'string');
      assert.match(r.body.recordingfilepath, /^https?:\/\//);
    });

    test('without sessionid (VoiceProcess recording)', async () => {
      const r = await jodo(recReq({ servicekey: 'VoiceProcess', systemcallid: '180717171728015031', sessionid: undefined }));
      ok3(r, 'customer_recording');
      assert.match(r.body.recordingfilepath, /^https?:\/\//);
    });

    test('systemcallid as an 18-digit bare JSON number keeps every digit', async () => {
      const json = JSON.stringify(recReq({ systemcallid: 'X' })).replace('"X"', '140912183554281005');
      const r = await jodoText(json);
      ok3(r, 'customer_recording');
      assert.match(r.body.recordingfilepath, /^https?:\/\//);
    });

    test('sessionid as a numeric string is fine', async () => {
      ok3(await jodo(recReq({ sessionid: '483' })), 'customer_recording');
    });

    test('systemcallid missing -> 66', async () => {
      fails(await jodo(recReq({ systemcallid: undefined })), 66, 'customer_recording');
    });
    test('systemcallid blank -> 66', async () => {
      fails(await jodo(recReq({ systemcallid: '' })), 66, 'customer_recording');
    });
    test('systemcallid unknown -> 63', async () => {
      fails(await jodo(recReq({ systemcallid: '999999999999999999', sessionid: undefined })), 63, 'customer_recording');
    });
    test('systemcallid of another process -> 63', async () => {
      fails(await jodo(recReq({ servicekey: 'VoiceProcess', sessionid: undefined })), 63, 'customer_recording');
    });
    test('sessionid not a number -> 65', async () => {
      fails(await jodo(recReq({ sessionid: 'abc' })), 65, 'customer_recording');
    });
    test('sessionid that does not match the call -> 62', async () => {
      fails(await jodo(recReq({ sessionid: 999 })), 62, 'customer_recording');
    });
  });

  // -------------------------------------------------------------------------
  describe('customer_multiple_recordings', () => {
    beforeEach(resetAndPause);

    test('document sample (servicekey "voiceprocess"): 3 with URL and 67 "Data not found"', async () => {
      const r = await jodo({
        method: 'customer_multiple_recordings',
        apikey: 'test_org',
        servicekey: 'voiceprocess',
        systemcallids: ['180717171728015031', '180719161420031002'],
        reqdatetime: '2018-11-12 14:00:05',
      });
      assert.equal(r.http, 200);
      assertMeta(r, 'customer_multiple_recordings');
      assert.ok(Array.isArray(r.body.statusdata), r.text);
      assert.equal(r.body.statusdata.length, 2);
      const a = r.body.statusdata.find((x: any) => String(x.systemcallid) === '180717171728015031');
      const b = r.body.statusdata.find((x: any) => String(x.systemcallid) === '180719161420031002');
      assert.ok(a && b, r.text);
      assert.equal(codeOf(a), 3);
      assert.match(a.recordingfilepath, /^https?:\/\//);
      assert.equal(codeOf(b), 67);
      assert.equal(b.statusdesc, 'Data not found');
      assert.equal(b.recordingfilepath ?? '', '');
    });

    test('a blank id -> entry 66; an unknown id -> entry 67', async () => {
      const r = await jodo(multiReq({ systemcallids: ['', '999999999999999999'] }));
      assert.equal(r.http, 200);
      assertMeta(r, 'customer_multiple_recordings');
      assert.equal(r.body.statusdata.length, 2, r.text);
      const codes = r.body.statusdata.map((x: any) => codeOf(x)).sort((x: number, y: number) => x - y);
      assert.deepEqual(codes, [66, 67]);
    });

    test('ids as bare 18-digit JSON numbers keep every digit', async () => {
      const json = JSON.stringify(multiReq({ systemcallids: 'X' })).replace('"X"', '[180717171728015031,180719161420031002]');
      const r = await jodoText(json);
      assert.equal(r.http, 200);
      assertMeta(r, 'customer_multiple_recordings');
      assert.ok(r.text.includes('180717171728015031'), r.text);
      assert.ok(r.text.includes('180719161420031002'), r.text);
      const a = r.body.statusdata.find((x: any) => String(x.systemcallid) === '180717171728015031');
      assert.ok(a, r.text);
      assert.equal(codeOf(a), 3);
    });

    test('a recording of another process is not found (67)', async () => {
      const r = await jodo(multiReq({ systemcallids: ['140912183554281005'] }));
      assert.equal(r.http, 200);
      assert.equal(codeOf(r.body.statusdata[0]), 67, r.text);
    });
  });

  // -------------------------------------------------------------------------
  describe('addEditUser / deleteUser', () => {
    beforeEach(resetAndPause);

    test('document samples in order: add -> 3 (userid), edit -> 3, delete -> 1', async () => {
      const add = await jodo(userReq());
      ok3(add, 'addEditUser');
      assert.ok(add.body.userid !== undefined && add.body.userid !== null && add.body.userid !== '', `userid: ${add.text}`);
      assert.ok(!add.text.includes(MD5), 'password never returned');
      const edit = await jodo(userReq({ action: 'edit' }));
      ok3(edit, 'addEditUser');
      assert.ok(!edit.text.includes(MD5), 'password never returned');
      ok1(await jodo({ method: 'deleteUser', apikey: 'test_org', loginid: 'Batman12@avhan.com', reqdatetime: '2018-11-12 14:00:05' }), 'deleteUser');
      fails(await jodo(deleteReq()), 418, 'deleteUser');
      fails(await jodo(userReq({ action: 'edit' })), 418, 'addEditUser');
    });

    test('action accepts any case and 1 / 2', async () => {
      ok3(await jodo(userReq({ action: 'ADD' })), 'addEditUser');
      ok3(await jodo(userReq({ action: 'Edit', username: 'Bruce' })), 'addEditUser');
      ok3(await jodo(userReq({ action: '2', username: 'Wayne' })), 'addEditUser');
      ok3(await jodo(userReq({ action: '1', loginid: 'robin@avhan.com', username: 'Robin' })), 'addEditUser');
      ok1(await jodo(deleteReq({ loginid: 'robin@avhan.com' })), 'deleteUser');
    });

    test('edit of an existing fixture user', async () => {
      ok3(await jodo(userReq({ action: 'edit', loginid: 'test@avhan.com', username: 'Tester' })), 'addEditUser');
    });

    test('adding a loginid that exists -> 5', async () => {
      ok3(await jodo(userReq()), 'addEditUser');
      fails(await jodo(userReq()), 5, 'addEditUser');
      fails(await jodo(userReq({ loginid: 'dinesh.s@avhan.com' })), 5, 'addEditUser');
    });

    test('passwords that differ -> 5', async () => {
      fails(await jodo(userReq({ confirmpassword: '00000000000000000000000000000000' })), 5, 'addEditUser');
    });

    test('action missing -> 401', async () => { fails(await jodo(userReq({ action: undefined })), 401, 'addEditUser'); });
    test('action blank -> 402', async () => { fails(await jodo(userReq({ action: '' })), 402, 'addEditUser'); });
    test('username missing -> 404', async () => { fails(await jodo(userReq({ username: undefined })), 404, 'addEditUser'); });
    test('username blank -> 405', async () => { fails(await jodo(userReq({ username: '' })), 405, 'addEditUser'); });
    test('loginid missing -> 406', async () => { fails(await jodo(userReq({ loginid: undefined })), 406, 'addEditUser'); });
    test('loginid blank -> 407', async () => { fails(await jodo(userReq({ loginid: '' })), 407, 'addEditUser'); });
    test('loginid not an e-mail -> 408', async () => { fails(await jodo(userReq({ loginid: 'batman12' })), 408, 'addEditUser'); });
    test('usertype missing -> 409', async () => { fails(await jodo(userReq({ usertype: undefined })), 409, 'addEditUser'); });
    test('usertype blank -> 410', async () => { fails(await jodo(userReq({ usertype: '' })), 410, 'addEditUser'); });
    test('edit of an unknown loginid -> 418', async () => {
      fails(await jodo(userReq({ action: 'edit', loginid: 'ghost@avhan.com' })), 418, 'addEditUser');
    });
    test('a failed add stores nothing (edit afterwards is 418)', async () => {
      fails(await jodo(userReq({ usertype: '' })), 410, 'addEditUser');
      fails(await jodo(userReq({ action: 'edit' })), 418, 'addEditUser');
    });

    test('deleteUser loginid missing -> 406', async () => { fails(await jodo(deleteReq({ loginid: undefined })), 406, 'deleteUser'); });
    test('deleteUser loginid blank -> 407', async () => { fails(await jodo(deleteReq({ loginid: '' })), 407, 'deleteUser'); });
    test('deleteUser loginid not an e-mail (legacy login) -> 408', async () => {
      fails(await jodo(deleteReq({ loginid: 'tanmay.k' })), 408, 'deleteUser');
    });
    test('deleteUser unknown loginid -> 418', async () => {
      fails(await jodo(deleteReq({ loginid: 'ghost@avhan.com' })), 418, 'deleteUser');
    });
  });

  // -------------------------------------------------------------------------
  describe('userStatus', () => {
    beforeEach(resetAndPause);

    const CHANGETIME = /^\d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} [AP]M$/;

    test('document sample, mended: every fixture agent Ready', async () => {
      const r = await jodo({
        method: 'userStatus',
        apikey: 'test_org',
        servicekey: 'VoiceProcess',
        loginids: ['rupesh.v@avhan.com', 'user10'],
        reqdatetime: '2017-11-20 10:00:05',
      });
      assert.equal(r.http, 200);
      assertMeta(r, 'userStatus');
      assert.equal(typeof r.body.timestamp, 'string', r.text);
      assert.equal(r.body.statusdata.length, 2, r.text);
      for (const login of ['rupesh.v@avhan.com', 'user10']) {
        const e = r.body.statusdata.find((x: any) => x.login === login);
        assert.ok(e, r.text);
        assert.equal(codeOf(e), 3);
        assert.equal(e.currentstatus, 1);
        assert.equal(e.currentstatusdesc, 'Ready');
        assert.equal(typeof e.duration, 'number');
        assert.ok(e.duration >= 0);
        assert.match(e.statuschangetime, CHANGETIME);
      }
    });

    test('the document\'s "regdatetime" spelling is accepted', async () => {
      const r = await jodo(statusReq(['user1', 'test@avhan.com'], { reqdatetime: undefined, regdatetime: now() }));
      assert.equal(r.http, 200);
      assertMeta(r, 'userStatus');
      assert.equal(r.body.statusdata.length, 2, r.text);
      for (const e of r.body.statusdata) assert.equal(codeOf(e), 3, r.text);
    });

    test('unknown login -> that entry 418, the others 3', async () => {
      const r = await jodo(statusReq(['dinesh.s@avhan.com', 'ghost@avhan.com']));
      assert.equal(r.http, 200);
      assertMeta(r, 'userStatus');
      const ghost = r.body.statusdata.find((x: any) => x.login === 'ghost@avhan.com');
      const dinesh = r.body.statusdata.find((x: any) => x.login === 'dinesh.s@avhan.com');
      assert.ok(ghost && dinesh, r.text);
      assert.equal(codeOf(ghost), 418);
      assert.equal(codeOf(dinesh), 3);
    });

    test('/sandbox/agents/state sets a state visible in userStatus', async () => {
      const states: Array<[number, string]> = [[5, 'Talking'], [7, 'Wrapup'], [11, 'System Sent NA'], [1, 'Ready']];
      for (const [n, desc] of states) {
        await setState('user10', n);
        const e = await statusOf('user10');
        assert.equal(e.currentstatus, n);
        assert.equal(e.currentstatusdesc, desc);
        assert.equal(codeOf(e), 3);
      }
    });
  });

  // -------------------------------------------------------------------------
  describe('calls and recordings through the control API', () => {
    beforeEach(resetAndPause);

    async function makeCall(login = 'user1', mobilenumber = '9811100900', servicekey = 'VoiceProcess') {
      const r = await ctl('/sandbox/calls', { login, mobilenumber, servicekey });
      const id = String(r.body.systemcallid);
      assert.match(id, /^\d{18}$/, `systemcallid like the document's: ${r.text}`);
      assert.ok(r.body.sessionid !== undefined && r.body.sessionid !== null, r.text);
      assert.equal(typeof r.body.recordingfilepath, 'string', r.text);
      return { id, sessionid: r.body.sessionid, url: r.body.recordingfilepath as string, text: r.text };
    }

    test('a call ends in Wrapup and is the agent\'s call', async () => {
      const c = await makeCall();
      assert.equal((await statusOf('user1')).currentstatus, 7);
      const r = await http(`/sandbox/agents/${encodeURIComponent('user1')}/call`);
      assert.equal(r.http, 200);
      assert.ok(r.text.includes(c.id), `agent call carries ${c.id}: ${r.text}`);
    });

    test('customer_recording of the new systemcallid returns its URL (on this host and port)', async () => {
      const c = await makeCall();
      assert.ok(c.url.startsWith(`http://127.0.0.1:${port}/`), `URL on the request's host:port: ${c.url}`);
      const r = await jodo(recReq({ servicekey: 'VoiceProcess', systemcallid: c.id, sessionid: c.sessionid }));
      ok3(r, 'customer_recording');
      assert.equal(r.body.recordingfilepath, c.url);
      const m = await jodo(multiReq({ systemcallids: [c.id] }));
      assert.equal(codeOf(m.body.statusdata[0]), 3, m.text);
      assert.equal(m.body.statusdata[0].recordingfilepath, c.url);
    });

    test('the recording is served with HTTP Range support', async () => {
      const c = await makeCall();
      const r = await fetch(c.url, { headers: { Range: 'bytes=0-99' } });
      const buf = new Uint8Array(await r.arrayBuffer());
      assert.equal(r.status, 206);
      assert.match(r.headers.get('content-range') ?? '', /^bytes 0-99\/\d+$/);
      assert.equal(buf.length, 100);
      const total = Number((r.headers.get('content-range') ?? '').split('/')[1]);
      assert.ok(total > 100);

      const tail = await fetch(c.url, { headers: { Range: `bytes=${total - 10}-` } });
      const tb = new Uint8Array(await tail.arrayBuffer());
      assert.equal(tail.status, 206);
      assert.equal(tb.length, 10);
    });

    test('a full GET of the recording is real audio', async () => {
      const c = await makeCall();
      const r = await fetch(c.url);
      const buf = new Uint8Array(await r.arrayBuffer());
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /^audio\//);
      assert.ok(buf.length > 100);
      assert.ok(isAudio(buf), `audio magic number, got ${Buffer.from(buf.subarray(0, 12)).toString('hex')}`);
      const part = await fetch(c.url, { headers: { Range: 'bytes=0-99' } });
      const pb = new Uint8Array(await part.arrayBuffer());
      assert.deepEqual(pb, buf.subarray(0, 100));
    });

    test('a fixture recording URL is playable too', async () => {
      const r = await jodo(recReq());
      ok3(r, 'customer_recording');
      const a = await fetch(r.body.recordingfilepath);
      const buf = new Uint8Array(await a.arrayBuffer());
      assert.equal(a.status, 200);
      assert.match(a.headers.get('content-type') ?? '', /^audio\//);
      assert.ok(isAudio(buf), `audio magic number, got ${Buffer.from(buf.subarray(0, 12)).toString('hex')}`);
    });

    test('two calls get distinct systemcallids; the agent call is the last one', async () => {
      const a = await makeCall('user1', '9811100901');
      await setState('user1', 1);
      const b = await makeCall('user1', '9811100902');
      assert.notEqual(a.id, b.id);
      const r = await http(`/sandbox/agents/user1/call`);
      assert.ok(r.text.includes(b.id), r.text);
    });
  });

  // -------------------------------------------------------------------------
  describe('robustness', () => {
    beforeEach(resetAndPause);

    test('a body over 1 MiB is refused with a JSON body and nothing is stored', async () => {
      const big = importReq({ data: [{ name: 'x'.repeat(1024 * 1024 + 4096), mobilenumber: '9833300001' }] });
      let r: Res;
      try {
        r = await jodo(big);
      } catch (e) {
        assert.fail(`oversize request did not get an HTTP answer: ${(e as Error).message} ${(e as any).cause?.message ?? ''}`);
      }
      assert.ok(r.http === 413 || r.http === 200, `HTTP ${r.http}`);
      assert.ok(r.body && typeof r.body === 'object', r.text);
      if (r.http === 200) assert.ok(![1, 3].includes(codeOf(r.body)), `not a success: ${r.text}`);
      fails(await jodo(getReq({ mobilenumber: '9833300001' })), 14, 'getProcessData');
      // the server is still fine afterwards
      ok001(await jodo(getReq()), 'getProcessData');
    });

    test('hostile strings are stored verbatim and read back identical', async () => {
      const rec = {
        customercode: 'H1',
        mobilenumber: '9844400001',
        name: "'); DROP TABLE x;--",
        emailid: '"quoted"@x.com',
        extrafield1: "<script>alert('x')</script>",
        extrafield2: 'ctl:\u0001\u0007\b\t\n\r\u001b\u001f\u007f:end',
        extrafield3: 'Robert"); DELETE FROM records; -- \u2603 \u{1F600} \\ %20 + & = ? #',
      };
      ok001(await jodo(importReq({ updateparam: 'customercode', data: [rec] })), 'ImportProcessData');
      const data = await read(getReq({ searchparam: 'customercode', customercode: 'H1' }));
      assert.equal(data.length, 1);
      for (const [k, v] of Object.entries(rec)) assert.equal(str(data[0][k]), v, `field ${k}`);
      // nothing got dropped
      assert.equal((await read(policyGet({ searchparam: 'customercode', customercode: '1', mobilenumber: undefined }))).length, 1);
      assert.equal((await read(getReq())).length, 1);
    });

    test('a NUL character survives too', async () => {
      const rec = { customercode: 'H2', mobilenumber: '9844400002', name: 'a\u0000b' };
      ok001(await jodo(importReq({ updateparam: 'customercode', data: [rec] })), 'ImportProcessData');
      const data = await read(getReq({ searchparam: 'customercode', customercode: 'H2' }));
      assert.equal(data[0].name, 'a\u0000b');
    });

    test('hostile strings as keys of a lookup do not break anything', async () => {
      fails(await jodo(reallocReq({ login: "tanmay.k' --" })), 72, 'reallocatedata');
      fails(await jodo(recReq({ systemcallid: "1' OR '1'='1", sessionid: undefined })), 63, 'customer_recording');
      const r = await jodo(statusReq(['<script>alert(1)</script>']));
      assert.equal(r.http, 200);
      assert.equal(codeOf(r.body.statusdata[0]), 418, r.text);
      assert.equal(r.body.statusdata[0].login, '<script>alert(1)</script>');
    });

    test('a wrong type inside a record does not crash (no 5xx, JSON answer)', async () => {
      const r = await jodo(importReq({ data: [{ name: { nested: true }, mobilenumber: 9811100321 }] }));
      assert.equal(r.http, 200, r.text);
      assert.ok(Number.isFinite(codeOf(r.body)) || r.body.statuscode === '001', r.text);
    });

    test('unknown path under the endpoint prefix does not leak internals', async () => {
      const r = await fetch(`${base}/CustomerWebServices/nope`);
      const t = await r.text();
      assertNoStackTrace(t, 'GET /CustomerWebServices/nope');
      assert.ok(r.status < 500, `HTTP ${r.status}`);
    });
  });
});
