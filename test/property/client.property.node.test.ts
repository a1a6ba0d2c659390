/**
 * Fuzz of the client's inputs and of answers as a server really sends them. (wire.property covers
 * parseJodoResponse on arbitrary texts; this file covers what it does not:)
 * - params of any shape, for every one of the nine methods: a JodoValidationError with nothing
 *   sent, or exactly one request that is well-formed and is what was validated;
 * - call options of odd values (timeoutMs, retries, headers, idempotencyKey): a result or a
 *   JodoError, never a TypeError, never a network error while the server is up;
 * - answers over a real socket: any status line, headers, framing and body, lying lengths,
 *   chunked garbage, compression, connections reset or cut mid-body, answers that never end:
 *   always a result or a JodoError; and a well-formed answer reads exactly as parseJodoResponse
 *   reads its text (the transport adds nothing and loses nothing).
 */
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import {
  JODO_METHODS,
  READ_ONLY_METHODS,
  JodoApiError,
  JodoClient,
  JodoError,
  JodoNetworkError,
  JodoTimeoutError,
  JodoValidationError,
  parseJodoResponse,
  validateRequest,
  type CallOptions,
  type JodoMethod,
} from '../../src/api/index.js';
import { withRawServer, type Ending } from '../helpers/raw-http-server.js';
import { startSandbox, type RunningSandbox } from '../helpers/sandbox-server.js';

const NOW = new Date(2024, 4, 6, 7, 8, 9);
const NOW_TEXT = '2024-05-06 07:08:09';
const ENVELOPE = ['method', 'apikey', 'reqdatetime'];

/** Valid params of each method, as a caller passes them (the client adds method, apikey and time). */
const VALID: Record<JodoMethod, Record<string, unknown>> = {
  ImportProcessData: { media: 'Chat', updateparam: 'crmuniquefield', data: [{ crmuniquefield: 'c-1', name: 'Ram', mobilenumber: '1234567890' }] },
  getProcessData: { searchparam: 'mobilenumber', mobilenumber: ['7507959484'] },
  reallocatedata: { contactnumber: '7507959484', login: 'tanmay.k', calldatetime: '2018-11-10 09:00:00', customercode: 0 },
  saveDisposition: { login: 'user1', dispomasterid: 1, disporeasonid: 1, remarks: 'r', selecteddatetime: '', contactvalue: '9874561320', media: 'Voice In' },
  customer_recording: { servicekey: 'VoiceInOut', sessionid: 483, systemcallid: '140912183554281005' },
  customer_multiple_recordings: { systemcallids: ['180717171728015031', '180719161420031002'] },
  addEditUser: { action: 'add', username: 'Batman12', loginid: 'Batman12@avhan.com', usertype: 'user', mediadetails: [{ media: 'Email In' }] },
  deleteUser: { loginid: 'Batman12@avhan.com' },
  userStatus: { loginids: ['user1', 'user10'] },
};

/** A Jodo success that every method's reader accepts. */
const successFor = (method: JodoMethod) => JSON.stringify({ method, status: 1, statuscode: '001', statusdesc: 'success', statusdata: [], data: [] });

// ---- a recording server: what the client sent ----------------------------------------------

/** Tells one call's requests from another's (a name the fuzzed headers never take). */
const CALL_HEADER = 'x-property-test-call';

interface Hit {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Recorder {
  endpoint: string;
  hits: Hit[];
  /** What to answer the n-th request (1-based) of one call, told apart by its CALL_HEADER. */
  answer: (hit: Hit, nthOfCall: number) => { status: number; body: string };
  close(): Promise<void>;
}

async function startRecorder(): Promise<Recorder> {
  const perCall = new Map<string, number>();
  const recorder: Recorder = {
    endpoint: '',
    hits: [],
    answer: (hit) => ({ status: 200, body: successFor(JSON.parse(new URLSearchParams(hit.body).get('data') ?? '{}').method) }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: HttpServer = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const hit: Hit = { method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      recorder.hits.push(hit);
      const call = String(req.headers[CALL_HEADER] ?? '');
      const n = (perCall.get(call) ?? 0) + 1;
      perCall.set(call, n);
      let reply: { status: number; body: string };
      try {
        reply = recorder.answer(hit, n);
      } catch {
        reply = { status: 200, body: '{"status":2}' };
      }
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  recorder.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/CustomerWebServices/handleCustomerWS`;
  return recorder;
}

const describeError = (error: unknown) => (error instanceof Error ? `${error.constructor.name}: ${error.message}` : `non-Error ${String(error)}`);

/** The outcome of a call: its result, or what it threw. */
async function outcomeOf<T>(call: () => Promise<T>): Promise<{ result: T } | { error: unknown }> {
  try {
    return { result: await call() };
  } catch (error) {
    return { error };
  }
}

// ---- arbitraries -----------------------------------------------------------------------------

/** Any JavaScript value a careless caller could pass: boxed values, Maps, Dates, BigInts, sparse arrays, null prototypes. */
const anyValue = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  stringUnit: 'binary',
});

/** Functions that JSON.stringify calls: whatever they return is what would be sent. */
const toJSONs = fc.constantFrom<[string, () => unknown]>(
  ['() => ({ method: "deleteUser", loginid: "rupesh.v@avhan.com", apikey: "other" })', () => ({ method: 'deleteUser', loginid: 'rupesh.v@avhan.com', apikey: 'other' })],
  ['() => ({})', () => ({})],
  ['() => "text"', () => 'text'],
  ['() => undefined', () => undefined],
);

const fieldName = fc.oneof(
  fc.constantFrom('method', 'apikey', 'reqdatetime', 'servicekey', 'toJSON', '__proto__', 'constructor', 'loginids', 'login', 'data', 'media', 'searchparam', 'systemcallid', 'action'),
  fc.string({ maxLength: 10 }),
);

/** Values the schemas accept in some field or other, so that a replaced field is sometimes still valid. */
const FIELD_VALUES: unknown[] = ['7507959484', '+919812345678', '0091981234567', 'user1', ' user1 ', 'VoiceProcess', 'voiceinout', '', ' ', '2018-11-10 09:00:00', '2018-02-30 25:61:61',
  '140912183554281005', 140912183554281, 1, '001', 0, -1, 1.5, 2 ** 53, 'Voice In', 11, 'add', 'EDIT', 2, 'a@b.co', ['user1'], [], [{}], {}, null, 'mobilenumber', 'daterange'];

type ParamsCase = { label: string; make: () => unknown };

/** Params of any shape for a method: any value at all, or its valid params with fields replaced, removed, added or nested. */
const paramsFor = (method: JodoMethod): fc.Arbitrary<ParamsCase> =>
  fc.oneof(
    { weight: 2, arbitrary: anyValue.map((v) => ({ label: fc.stringify(v), make: () => v })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(undefined, null, 0, '', 'params', [], [VALID[method]], true).map((v) => ({ label: fc.stringify(v), make: () => v })),
    },
    { weight: 1, arbitrary: fc.constant({ label: `VALID.${method}`, make: () => structuredClone(VALID[method]) }) },
    {
      weight: 8,
      arbitrary: fc
        .array(
          fc.oneof(
            { weight: 3, arbitrary: fc.record({ op: fc.constant('replace' as const), index: fc.nat(), value: fc.oneof(anyValue, fc.constantFrom(...FIELD_VALUES)) }) },
            { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), index: fc.nat() }) },
            // Extra fields the schemas let through: any key, any JSON or JavaScript value.
            { weight: 4, arbitrary: fc.record({ op: fc.constant('add' as const), key: fieldName, value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), anyValue) }) },
            { weight: 2, arbitrary: fc.record({ op: fc.constant('nested' as const), key: fieldName, value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), anyValue) }) },
            { weight: 1, arbitrary: fc.record({ op: fc.constant('toJSON' as const), where: fc.constantFrom('top', 'nested'), fn: toJSONs }) },
          ),
          { minLength: 1, maxLength: 3 },
        )
        .map((ops) => ({
          label: `VALID.${method} then ${fc.stringify(ops.map((o) => ('fn' in o ? { ...o, fn: o.fn[0] } : o)))}`,
          make: () => {
            const params = structuredClone(VALID[method]);
            /**
             * The values the ops put in (generated ones, which fast-check keeps and stringifies again while
             * shrinking, and FIELD_VALUES' shared constants): later ops write only into the clone's own objects.
             * Written into, a shared `[]` kept a `constructor` key (or a toJSON) for every later case, and
             * fc.stringify threw on it (CI, once).
             */
            const placed = new WeakSet<object>();
            const ownObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !placed.has(v);
            for (const o of ops) {
              const keys = Object.keys(params);
              // Reflect: a target that refuses the key (a typed array's index takes no object) is left as it is, not a TypeError in the generator.
              const define = (target: object, key: string, value: unknown) => {
                if (typeof value === 'object' && value !== null) placed.add(value);
                return Reflect.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
              };
              // Into the first object or list of the clone among the params (a record, a list of ids), or its first element.
              const inner = Object.values(params).find(ownObject) ?? params;
              const innermost = Array.isArray(inner) && ownObject(inner[0]) ? inner[0] : inner;
              switch (o.op) {
                case 'replace':
                  if (keys.length) define(params, keys[o.index % keys.length]!, o.value);
                  break;
                case 'delete':
                  if (keys.length) delete params[keys[o.index % keys.length]!];
                  break;
                case 'add':
                  define(params, o.key, o.value);
                  break;
                case 'nested':
                  define(innermost, o.key, o.value);
                  break;
                case 'toJSON':
                  define(o.where === 'top' ? params : inner, 'toJSON', o.fn[1]);
                  break;
              }
            }
            return params;
          },
        })),
    },
  ).map((c) => Object.assign(c, { [fc.toStringMethod]: () => c.label }));

/** Odd values for numeric options, as an untyped caller or a config file might give them. */
const oddNumber = fc.oneof(
  fc.double(),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom<unknown>(NaN, Infinity, -Infinity, -0, 0.5, 2 ** 31, 2 ** 53, 1e-9, '5', '', 'abc', '1e3', null, undefined, true, false, {}, []),
);
/**
 * Framing headers Node's fetch refuses outright ("invalid connection header", "expect header not
 * supported"...), where a browser drops them silently. The client sets the framing itself; what
 * Node does with these is not fuzzed here.
 */
const NODE_FETCH_REFUSES = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'expect', 'content-length'];
/** Header names and values of every kind, valid or not. */
const headerName = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/).filter((n) => !NODE_FETCH_REFUSES.includes(n)),
  fc.constantFrom('cookie', 'authorization', 'content-type', 'accept', 'idempotency-key', 'x-a b', 'x\n', 'é', ''),
  fc.string({ maxLength: 6 }).filter((n) => !NODE_FETCH_REFUSES.includes(n.toLowerCase())),
);
const headerValue = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 10 }), fc.constantFrom('a\r\nb', 'x\u0000y', 'é', '€', ' padded '));
const headersOption = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(headerName, headerValue, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 'x-a: b', [['x-a', 'b']], new Map([['x-a', 'b']]), {}) },
);
const idempotencyKeyOption = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 10 }), fc.constantFrom<unknown>(undefined, null, '', 'a\nb', 42, {}, 'fine-key-0001'));

/** Status values as Jodo writes them, and things that are not. */
const statusLike = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(1, 3, '001', '003', ' 3 ') },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 1500 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('67', '418', 'ok', '', null, 1.5, '1e0') },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
);
/** Bodies shaped like a Jodo answer for the method, with arbitrary values in the fields it reads. */
const jodoBody = (method: JodoMethod) =>
  fc
    .record(
      {
        method: fc.oneof(fc.constant(method), fc.jsonValue({ maxDepth: 1 })),
        status: statusLike,
        statuscode: statusLike,
        statusdesc: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 })),
        recordingfilepath: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 })),
        userid: fc.oneof(fc.integer(), fc.string(), fc.jsonValue({ maxDepth: 1 })),
        data: fc.oneof(fc.array(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }), { maxLength: 2 }), fc.jsonValue({ maxDepth: 1 })),
        statusdata: fc.oneof(
          fc.array(fc.record({ login: fc.oneof(fc.string(), fc.integer()), systemcallid: fc.oneof(fc.string(), fc.integer()), status: statusLike, currentstatus: statusLike, duration: statusLike }, { requiredKeys: [] }), { maxLength: 2 }),
          fc.jsonValue({ maxDepth: 1 }),
        ),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o));

/** Body texts: Jodo-like, any JSON, any text, an HTML error page, a BOM before JSON. */
const bodyText = (method: JodoMethod) =>
  fc.oneof(
    { weight: 5, arbitrary: jodoBody(method) },
    { weight: 3, arbitrary: fc.constant(successFor(method)) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
    { weight: 1, arbitrary: fc.constantFrom('', '<html><body>502 Bad Gateway</body></html>', `\ufeff${successFor(method)}`, '{"status":', 'null', '[]') },
  );

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/html; charset=utf-8', 'text/plain; charset=latin1', 'application/octet-stream', '*/*', ''];

// ---- the properties ----------------------------------------------------------------------------------

describe('the client with params of any shape', () => {
  let recorder: Recorder;
  let running: RunningSandbox;
  before(async () => {
    recorder = await startRecorder();
    running = await startSandbox();
  });
  after(async () => {
    await recorder.close();
    await running.close();
  });

  test('every method: a JodoValidationError with nothing sent, or one well-formed request that is what was checked', { timeout: 120_000 }, async () => {
    const arbitrary = fc.constantFrom(...JODO_METHODS).chain((method) => fc.record({ method: fc.constant(method), params: paramsFor(method), defaultServicekey: fc.boolean() }));
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ method, params: { make }, defaultServicekey }) => {
        const client = new JodoClient({ endpoint: recorder.endpoint, apikey: 'k', retries: 0, now: () => NOW, ...(defaultServicekey ? { servicekey: 'VoiceProcess' } : {}) });
        const params = make();
        const sentBefore = recorder.hits.length;
        const outcome = await outcomeOf(() => client.call(method, params as never));
        if ('error' in outcome) {
          const { error } = outcome;
          assert.ok(error instanceof JodoValidationError, describeError(error));
          assert.equal(error.method, method);
          assert.equal(error.transient, false);
          assert.ok(error.issues.length > 0);
          for (const issue of error.issues) assert.ok(typeof issue.field === 'string' && issue.field !== '' && typeof issue.message === 'string' && issue.message !== '', JSON.stringify(issue));
          assert.equal(recorder.hits.length, sentBefore, 'a refused request is not sent');
          return;
        }
        assert.equal(outcome.result.code, 1);
        assert.equal(recorder.hits.length, sentBefore + 1, 'exactly one request');
        const hit = recorder.hits.at(-1)!;
        assert.equal(hit.method, 'POST');
        assert.match(String(hit.headers['content-type']), /^application\/x-www-form-urlencoded\b/);
        const form = new URLSearchParams(hit.body);
        assert.deepEqual([...form.keys()], ['data']);
        const sent = JSON.parse(form.get('data')!) as Record<string, unknown>;
        assert.ok(typeof sent === 'object' && sent !== null && !Array.isArray(sent));
        assert.deepEqual([sent['method'], sent['apikey'], sent['reqdatetime']], [method, 'k', NOW_TEXT], 'the envelope is the client\'s');
        assert.deepEqual(validateRequest(method, sent), [], 'what was sent passes the checks the client made');
        // Every field given is sent as given (as JSON writes it); the envelope is the client's.
        const given = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(params as object).filter(([key]) => !ENVELOPE.includes(key))))) as Record<string, unknown>;
        for (const [key, value] of Object.entries(given)) assert.deepEqual(sent[key], value, `field ${key}`);
        const key = hit.headers['idempotency-key'];
        if (READ_ONLY_METHODS.has(method)) assert.equal(key, undefined);
        else assert.match(String(key), /^[A-Za-z0-9._:-]{8,128}$/);
      }),
      { numRuns: 600 },
    );
  });

  test('whatever the client lets through, the sandbox reads: never "wrong format" (2) for a request the client sent', { timeout: 120_000 }, async () => {
    const arbitrary = fc.constantFrom(...JODO_METHODS).chain((method) => fc.record({ method: fc.constant(method), params: paramsFor(method) }));
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ method, params: { make } }) => {
        const client = new JodoClient({ endpoint: running.endpoint, apikey: 'test_org', servicekey: 'VoiceProcess', retries: 0 });
        const outcome = await outcomeOf(() => client.call(method, make() as never));
        if ('error' in outcome) {
          const { error } = outcome;
          assert.ok(error instanceof JodoValidationError || error instanceof JodoApiError, describeError(error));
          if (error instanceof JodoApiError) assert.notEqual(error.code, 2, `${describeError(error)} ${JSON.stringify(error.raw)}`);
        } else {
          assert.ok(Number.isFinite(outcome.result.code));
        }
        assert.deepEqual(running.logs, []);
      }),
      { numRuns: 300 },
    );
  });

  test('regression: a toJSON among the params cannot swap the request after it was checked', async () => {
    const client = new JodoClient({ endpoint: recorder.endpoint, apikey: 'k', servicekey: 'VoiceProcess', retries: 0 });
    const sentBefore = recorder.hits.length;
    const swapped = await outcomeOf(() =>
      client.userStatus({ loginids: ['user1'], toJSON: () => ({ method: 'deleteUser', loginid: 'rupesh.v@avhan.com', apikey: 'other' }) } as never),
    );
    assert.ok('error' in swapped && swapped.error instanceof JodoValidationError, 'was sent as a deleteUser with another key');
    const nested = await outcomeOf(() => client.userStatus({ loginids: Object.assign(['user1'], { toJSON: () => 'dinesh.s@avhan.com' }) }));
    assert.ok('error' in nested && nested.error instanceof JodoValidationError, 'loginids was sent as a string');
    assert.equal(recorder.hits.length, sentBefore);
  });

  test('regression: null or undefined params are a JodoValidationError, not a TypeError', async () => {
    const client = new JodoClient({ endpoint: recorder.endpoint, apikey: 'k', servicekey: 'VoiceProcess', retries: 0 });
    for (const method of JODO_METHODS) {
      for (const params of [null, undefined]) {
        const outcome = await outcomeOf(() => client.call(method, params as never));
        assert.ok('error' in outcome && outcome.error instanceof JodoValidationError, `${method}(${String(params)}): ${'error' in outcome ? describeError(outcome.error) : 'sent'}`);
        assert.deepEqual(outcome.error.fields, ['request']);
      }
    }
  });
});

describe('the client with call options of odd values', () => {
  let recorder: Recorder;
  before(async () => {
    recorder = await startRecorder();
    // Each call's first attempt is a 503, the next ones succeed: a retry, where one is made, succeeds.
    recorder.answer = (hit, n) => (n === 1 ? { status: 503, body: '<html>busy</html>' } : { status: 200, body: successFor(JSON.parse(new URLSearchParams(hit.body).get('data')!).method) });
  });
  after(() => recorder.close());

  let calls = 0;
  test('timeoutMs, retries, headers and idempotencyKey of any value: a result or a JodoError, and no network error while the server is up', { timeout: 120_000 }, async () => {
    const options = fc.record(
      { timeoutMs: oddNumber, retries: oddNumber, headers: headersOption, idempotencyKey: idempotencyKeyOption },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...JODO_METHODS), options, fc.option(headersOption, { nil: undefined }), async (method, callOptions, clientHeaders) => {
        const call = `call-${++calls}`;
        // Counted by the call's own header: a request a short timeout gave up on may still arrive during a later run.
        const sentNow = () => recorder.hits.filter((hit) => hit.headers[CALL_HEADER] === call).length;
        const client = new JodoClient({
          endpoint: recorder.endpoint,
          apikey: 'k',
          servicekey: 'VoiceProcess',
          retries: 1,
          retryDelayMs: 1,
          maxRetryDelayMs: 2,
          headers: { ...(clientHeaders as Record<string, string>), [CALL_HEADER]: call },
        });
        const outcome = await outcomeOf(() => client.call(method, structuredClone(VALID[method]) as never, callOptions as never));
        const sent = sentNow();
        if ('result' in outcome) {
          assert.equal(outcome.result.code, 1);
          return;
        }
        const { error } = outcome;
        assert.ok(error instanceof JodoError, describeError(error));
        assert.ok(!(error instanceof JodoNetworkError), `the server is up, yet: ${describeError(error)}`);
        if (error instanceof JodoValidationError) assert.equal(sent, 0, 'a refused request is not sent');
        if (!READ_ONLY_METHODS.has(method)) assert.ok(sent <= 1, 'a write is never retried');
      }),
      { numRuns: 300 },
    );
  });

  test('regression: an idempotencyKey or header that cannot be sent is a JodoValidationError, not a network error to retry', async () => {
    const client = new JodoClient({ endpoint: recorder.endpoint, apikey: 'k', servicekey: 'VoiceProcess', retries: 3, retryDelayMs: 1 });
    const sentBefore = recorder.hits.length;
    const cases: CallOptions[] = [{ idempotencyKey: 'line\nbreak' }, { headers: { 'x-a': 'a\r\nb' } }, { headers: { 'x-a': 'a\u0001b' } }, { headers: { 'bad name': 'x' } }, { headers: { 'x-a': '€' } }];
    for (const options of cases) {
      const method = 'idempotencyKey' in options ? 'saveDisposition' : 'userStatus';
      const outcome = await outcomeOf(() => client.call(method, VALID[method] as never, options));
      assert.ok('error' in outcome && outcome.error instanceof JodoValidationError, `${JSON.stringify(options)}: ${'error' in outcome ? describeError(outcome.error) : 'sent'}`);
      assert.deepEqual(outcome.error.fields, ['headers']);
    }
    assert.equal(recorder.hits.length, sentBefore, 'nothing was sent, nothing retried');
  });
});

describe('the client reading answers over a real socket', () => {
  test('any status line, headers, framing and body, cut, reset or never ending: a result or a JodoError', { timeout: 120_000 }, async () => {
    const statusLine = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('HTTP/1.1 200 OK', 'HTTP/1.0 200 OK') },
      { weight: 6, arbitrary: fc.tuple(fc.constantFrom('HTTP/1.1', 'HTTP/1.0'), fc.integer({ min: 100, max: 599 }), fc.constantFrom('OK', '', 'Weird Reason')).map(([v, s, r]) => `${v} ${s} ${r}`) },
      { weight: 1, arbitrary: fc.constantFrom('HTTP/1.1 0 Zero', 'HTTP/1.1 99 Low', 'HTTP/1.1 600 High', 'HTTP/1.1 999 X', 'HTTP/1.1 1000 X', 'HTTP/2 200', 'HTTP/1.1 200', 'FOO/1.1 200 OK', 'HTTP/1.1  200 OK', '') },
      { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, '')) },
    );
    type Framing = 'length' | 'length-short' | 'length-long' | 'length-garbage' | 'lengths-differ' | 'chunked' | 'chunked-garbage' | 'chunked-and-length' | 'none';
    const arbitrary = fc.constantFrom(...JODO_METHODS).chain((method) =>
      fc.record({
        method: fc.constant(method),
        statusLine,
        contentType: fc.option(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...CONTENT_TYPES) }, { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 20 }) }), { nil: undefined }),
        encoding: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-garbage', 'gzip, gzip') }),
        compressed: fc.boolean(),
        framing: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom<Framing>('length', 'chunked', 'none') },
          { weight: 4, arbitrary: fc.constantFrom<Framing>('length-short', 'length-long', 'length-garbage', 'lengths-differ', 'chunked-garbage', 'chunked-and-length') },
        ),
        extraHeaders: fc.array(
          fc.oneof(
            { weight: 4, arbitrary: fc.tuple(fc.stringMatching(/^[a-z][a-z-]{0,10}$/), fc.string({ maxLength: 20 })) },
            { weight: 1, arbitrary: fc.tuple(fc.string({ unit: 'binary-ascii', maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 20 })) },
          ),
          { maxLength: 3 },
        ),
        body: bodyText(method),
        ending: fc.oneof({ weight: 6, arbitrary: fc.constant<Ending>('close') }, { weight: 1, arbitrary: fc.constantFrom<Ending>('reset', 'cut', 'hang') }),
        cutAt: fc.nat(),
        by: fc.integer({ min: 1, max: 50 }),
        junk: fc.string({ unit: 'binary-ascii', maxLength: 8 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(arbitrary, async (run) => {
        const text = Buffer.from(run.body);
        const payload = run.compressed && run.encoding === 'gzip' ? gzipSync(text) : run.compressed && run.encoding === 'deflate' ? deflateSync(text) : run.compressed && run.encoding === 'br' ? brotliCompressSync(text) : text;
        const headers: string[] = [];
        if (run.contentType !== undefined) headers.push(`Content-Type: ${run.contentType}`);
        if (run.encoding !== undefined) headers.push(`Content-Encoding: ${run.encoding}`);
        for (const [name, value] of run.extraHeaders) headers.push(`${name}: ${value.replace(/[\r\n]/g, ' ')}`);
        const chunked = (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n0\r\n\r\n')]);
        let framed: Buffer = payload;
        switch (run.framing) {
          case 'length':
            headers.push(`Content-Length: ${payload.length}`);
            break;
          case 'length-short':
            headers.push(`Content-Length: ${Math.max(0, payload.length - run.by)}`);
            break;
          case 'length-long':
            headers.push(`Content-Length: ${payload.length + run.by}`);
            break;
          case 'length-garbage':
            headers.push(`Content-Length: ${run.junk}x`);
            break;
          case 'lengths-differ':
            headers.push(`Content-Length: ${payload.length}`, `Content-Length: ${payload.length + run.by}`);
            break;
          case 'chunked':
            headers.push('Transfer-Encoding: chunked');
            framed = chunked(payload);
            break;
          case 'chunked-garbage':
            headers.push('Transfer-Encoding: chunked');
            framed = Buffer.concat([Buffer.from(`${run.junk}\r\n`), payload, Buffer.from('\r\n0\r\n\r\n')]);
            break;
          case 'chunked-and-length':
            headers.push('Transfer-Encoding: chunked', `Content-Length: ${payload.length}`);
            framed = chunked(payload);
            break;
          case 'none':
            break;
        }
        const bytes = Buffer.concat([Buffer.from(`${run.statusLine}\r\n${headers.map((l) => `${l}\r\n`).join('')}\r\n`, 'latin1'), framed]);
        await withRawServer({ bytes, ending: run.ending, cutAt: run.cutAt }, async (endpoint) => {
          const client = new JodoClient({ endpoint, apikey: 'k', servicekey: 'VoiceProcess', retries: 0, timeoutMs: 250 });
          const outcome = await outcomeOf(() => client.call(run.method, structuredClone(VALID[run.method]) as never));
          if ('error' in outcome) {
            assert.ok(outcome.error instanceof JodoError, describeError(outcome.error));
            assert.ok(!(outcome.error instanceof JodoValidationError), 'the request itself was valid');
          } else {
            assert.ok(Number.isFinite(outcome.result.code));
            assert.equal(outcome.result.method, run.method);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  test('regression: a body in an encoding fetch cannot decode, ended by the connection, ends the call instead of hanging', { timeout: 10_000 }, async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const bytes = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: ${encoding}\r\n\r\n{"status":3}`);
      await withRawServer({ bytes, ending: 'close' }, async (endpoint) => {
        const client = new JodoClient({ endpoint, apikey: 'k', servicekey: 'VoiceProcess', retries: 0, timeoutMs: 100 });
        const started = Date.now();
        const outcome = await outcomeOf(() => client.userStatus({ loginids: ['user1'] }));
        // Node's fetch leaves such a body unread for ever (the client's timeout ends it), or, when it reads the
        // connection's end first (seen under load in CI), says "terminated": either is a transient failure the caller
        // retries. What must never happen is a call that waits for ever.
        const ended = 'error' in outcome && (outcome.error instanceof JodoTimeoutError || outcome.error instanceof JodoNetworkError);
        assert.ok(ended, `${encoding}: ${'error' in outcome ? describeError(outcome.error) : 'a result'}`);
        assert.ok(Date.now() - started < 5_000);
      });
    }
  });

  test('a well-formed answer (any status, type, encoding) reads exactly as parseJodoResponse reads its text', { timeout: 120_000 }, async () => {
    const arbitrary = fc.constantFrom(...JODO_METHODS).chain((method) =>
      fc.record({
        method: fc.constant(method),
        // Not 204, 205, 304 (no body, by HTTP) nor 407 (fetch, by its spec, makes a proxy's demand a network error).
        status: fc.oneof(fc.constant(200), fc.integer({ min: 200, max: 599 }).filter((s) => ![204, 205, 304, 407].includes(s))),
        contentType: fc.constantFrom(...CONTENT_TYPES),
        encoding: fc.constantFrom(undefined, undefined, 'gzip', 'deflate', 'br', 'identity'),
        chunked: fc.boolean(),
        keepOpen: fc.boolean(),
        body: bodyText(method),
      }),
    );
    await fc.assert(
      fc.asyncProperty(arbitrary, async (run) => {
        const text = Buffer.from(run.body);
        const payload = run.encoding === 'gzip' ? gzipSync(text) : run.encoding === 'deflate' ? deflateSync(text) : run.encoding === 'br' ? brotliCompressSync(text) : text;
        const headers = [`Content-Type: ${run.contentType}`];
        if (run.encoding) headers.push(`Content-Encoding: ${run.encoding}`);
        headers.push(run.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${payload.length}`);
        const framed = run.chunked ? Buffer.concat([Buffer.from(`${payload.length.toString(16)}\r\n`), payload, Buffer.from('\r\n0\r\n\r\n')]) : payload;
        const bytes = Buffer.concat([Buffer.from(`HTTP/1.1 ${run.status} X\r\n${headers.map((l) => `${l}\r\n`).join('')}\r\n`), framed]);
        // The oracle: the parser alone, on the text as fetch decodes it (UTF-8, a leading BOM dropped).
        const expected = await outcomeOf(async () => parseJodoResponse(run.method, run.status, new TextDecoder().decode(text)));
        await withRawServer({ bytes, ending: run.keepOpen ? 'hang' : 'close' }, async (endpoint) => {
          const client = new JodoClient({ endpoint, apikey: 'k', servicekey: 'VoiceProcess', retries: 0, timeoutMs: 10_000 });
          const actual = await outcomeOf(() => client.call(run.method, structuredClone(VALID[run.method]) as never));
          if ('result' in expected) {
            assert.ok('result' in actual, `expected a result, got ${'error' in actual ? describeError(actual.error) : ''}`);
            assert.deepStrictEqual(actual.result, expected.result);
          } else {
            assert.ok('error' in actual, 'expected an error, got a result');
            assert.equal(describeError(actual.error), describeError(expected.error));
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
