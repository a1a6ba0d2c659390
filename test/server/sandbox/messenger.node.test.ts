/**
 * Messenger processes (CONTRACT.md, "Messenger processes (text to speech)"):
 * a real sandbox over HTTP, with webhooks served by the test (WAV, MP3,
 * audiourl, failures of every kind) and the sandbox's own engine on the real
 * espeak-ng. Each record is followed through getProcessData, as a client
 * would: 10500, then 1001, then called, its recording the spoken message.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { JodoClient } from '../../../src/api/index.js';
import { LeadStatuses, type LeadStatus } from '../../../src/api/codes.js';
import { formatJodoDateTime } from '../../../src/api/rules.js';
import { makeRecording, wavSeconds } from '../../../src/server/sandbox/audio.js';
import { MAX_SPEECH_TRIES } from '../../../src/server/sandbox/messenger.js';
import { speak } from '../../../src/server/sandbox/speech-engine.js';
import { startSandboxCli } from '../../helpers/sandbox-cli.js';
import { postJodo, startSandbox, type RunningSandbox } from '../../helpers/sandbox-server.js';

const APIKEY = 'test_org';
const WAIT_MS = 20_000;
/** A frame header of MPEG-1 Layer III at 128 kbit/s, then silence: 16,000 bytes play one second. */
const MP3 = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(15_996)]);

interface Hook {
  url: string;
  /** Every request, as it came. */
  seen: { key: string | undefined; type: string | undefined; body: Record<string, unknown> }[];
  /** The answers, in turn: what each request gets (the last one repeats). */
  answer: (req: IncomingMessage, res: ServerResponse, n: number) => void;
}

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A webhook the test answers as it likes. */
async function webhook(answer: Hook['answer']): Promise<Hook> {
  const hook: Hook = { url: '', seen: [], answer };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hook.seen.push({ key: req.headers['idempotency-key'] as string | undefined, type: req.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      hook.answer(req, res, hook.seen.length);
    });
  });
  hook.url = `${await listen(server)}/tts`;
  return hook;
}

const wav = (seconds: number, id = '180000000000000001') => Buffer.from(makeRecording(id, seconds));
const audio = (type: string, bytes: Buffer) => (_req: IncomingMessage, res: ServerResponse) => res.writeHead(200, { 'content-type': type, 'content-length': bytes.length }).end(bytes);

async function sandboxWith(options: Parameters<typeof startSandbox>[0] = {}): Promise<RunningSandbox> {
  const sandbox = await startSandbox({
    dialer: true,
    tickMs: 20,
    timings: { ringMs: 50, talkMs: 100 },
    messengerTickMs: 10,
    // Long enough that a loaded machine's webhook is never taken for a silent one; the timeout's own test sets 0.4 s.
    messengerTimings: { timeoutMs: 2_000, firstRetryMs: 20 },
    ...options,
  });
  closers.push(() => sandbox.close());
  return sandbox;
}

async function pointAt(sandbox: RunningSandbox, url: string, template?: string) {
  const response = await sandbox.control('/sandbox/processes/Reminders/messenger', { webhook: url, ...(template ? { template } : {}) });
  assert.equal(response.status, 200, await response.clone().text());
}

async function remind(sandbox: RunningSandbox, records: Record<string, unknown>[], media = 'Voice Out') {
  const answer = await postJodo(sandbox.endpoint, { method: 'ImportProcessData', apikey: APIKEY, servicekey: 'Reminders', media, updateparam: 'mobilenumber', data: records });
  assert.equal(answer.body['statuscode'], '001', JSON.stringify(answer.body));
}

async function record(sandbox: RunningSandbox, mobilenumber: string): Promise<Record<string, unknown>> {
  const answer = await postJodo(sandbox.endpoint, { method: 'getProcessData', apikey: APIKEY, servicekey: 'Reminders', searchparam: 'mobilenumber', mobilenumber });
  assert.equal(answer.body['statuscode'], '001', JSON.stringify(answer.body));
  return (answer.body['data'] as Record<string, unknown>[])[0]!;
}

/** Polls the record until `ready` holds for it (or fails, showing the record as it last was). */
async function until(sandbox: RunningSandbox, mobilenumber: string, ready: (r: Record<string, unknown>) => boolean, what: string) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const current = await record(sandbox, mobilenumber);
    if (ready(current)) return current;
    if (Date.now() > deadline) assert.fail(`${what}: the record is still ${JSON.stringify(current)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const called = (r: Record<string, unknown>) => typeof r['systemcallid'] === 'string';

/** The recording of a messenger call, through customer_recording, as bytes with its type. */
async function recordingOf(sandbox: RunningSandbox, systemcallid: string) {
  const deadline = Date.now() + WAIT_MS;
  let answer;
  do {
    answer = await postJodo(sandbox.endpoint, { method: 'customer_recording', apikey: APIKEY, servicekey: 'Reminders', systemcallid });
    if (answer.body['status'] === 3) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  } while (Date.now() < deadline);
  assert.equal(answer.body['status'], 3, `the call has no recording yet: ${JSON.stringify(answer.body)}`);
  const url = String(answer.body['recordingfilepath']);
  const response = await fetch(url);
  assert.equal(response.status, 200);
  return { url, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('messenger processes: speech from a webhook, then a call with no agent', () => {
  test('a WAV answer: the import answers at once at 10500, then 1001, then a call whose recording is that audio', async () => {
    const spoken = wav(1.5);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const hook = await webhook((req, res) => void held.then(() => audio('audio/wav', spoken)(req, res)));
    const sandbox = await sandboxWith();
    await pointAt(sandbox, hook.url);
    await remind(sandbox, [{ leadnumber: 'L-7', name: 'Asha Rao Kulkarni', mobilenumber: '9811122233' }]);
    // The import did not wait for the webhook, which is holding its answer.
    const waiting = await until(sandbox, '9811122233', () => hook.seen.length === 1, 'the webhook was asked');
    assert.equal(waiting['leadstatus'], 10500);
    assert.ok(!('systemcallid' in waiting));
    release();
    const done = await until(sandbox, '9811122233', called, 'the record was called');
    assert.equal(done['leadstatus'], 1001);
    assert.ok(!('ttsproblem' in done));
    // CONTRACT.md's request: the payload, the first name split from the name, the key per record and import.
    const [request] = hook.seen;
    assert.equal(request!.type, 'application/json');
    assert.deepEqual(request!.body, {
      servicekey: 'Reminders',
      leadnumber: 'L-7',
      mobilenumber: '9811122233',
      name: 'Asha Rao Kulkarni',
      firstname: 'Asha',
      lastname: 'Rao Kulkarni',
      text: 'Hello Asha, this is a reminder from Acme about your appointment.',
    });
    assert.match(request!.key!, /^Reminders:\d+:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.equal(request!.key!.split(':').slice(2).join(':'), waiting['storedatetime']);
    const recording = await recordingOf(sandbox, String(done['systemcallid']));
    assert.equal(recording.type, 'audio/wav');
    assert.ok(recording.bytes.equals(spoken), 'the recording is the spoken message');
    // No agent took the call: every agent is still Ready.
    const agents = await postJodo(sandbox.endpoint, { method: 'userStatus', apikey: APIKEY, servicekey: 'VoiceProcess', loginids: ['user1', 'user10', 'tanmay.k'] });
    for (const agent of agents.body['statusdata'] as Record<string, unknown>[]) assert.equal(agent['currentstatus'], 1);
    assert.deepEqual(sandbox.logs, []);
  });

  test('an MP3 answer is kept as MP3 and served as audio/mpeg; first and last names given are used as they are', async () => {
    const hook = await webhook(audio('audio/mpeg', MP3));
    const sandbox = await sandboxWith();
    await pointAt(sandbox, hook.url, 'Dear {{ firstname }} {{lastname}}, call {{mobilenumber}} about {{plan}}.{{missing}}');
    await remind(sandbox, [{ name: 'ignored', firstname: 'Ravi', lastname: 'K', mobilenumber: '9811122234', plan: 'Gold' }]);
    const done = await until(sandbox, '9811122234', called, 'the record was called');
    assert.equal(hook.seen[0]!.body['text'], 'Dear Ravi K, call 9811122234 about Gold.');
    assert.equal(hook.seen[0]!.body['firstname'], 'Ravi');
    const recording = await recordingOf(sandbox, String(done['systemcallid']));
    assert.equal(recording.type, 'audio/mpeg');
    assert.match(recording.url, /\.mp3$/);
    assert.ok(recording.bytes.equals(MP3));
    // Under its own name only.
    assert.equal((await fetch(recording.url.replace(/\.mp3$/, '.wav'))).status, 404);
  });

  test('an audiourl answer: the audio is fetched from there and becomes the recording', async () => {
    const spoken = wav(1);
    const files = createServer((req, res) => (req.url === '/audio/1.wav' ? audio('audio/wav', spoken)(req, res) : res.writeHead(404).end()));
    const base = await listen(files);
    const hook = await webhook((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ audiourl: `${base}/audio/1.wav` })));
    const sandbox = await sandboxWith();
    await pointAt(sandbox, hook.url);
    await remind(sandbox, [{ name: 'Meera', mobilenumber: '9811122235' }]);
    const done = await until(sandbox, '9811122235', called, 'the record was called');
    assert.ok((await recordingOf(sandbox, String(done['systemcallid']))).bytes.equals(spoken));
    // One the audio URL does not serve: the reason is on the record.
    hook.answer = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ audiourl: `${base}/audio/gone.wav` }));
    await remind(sandbox, [{ name: 'Meera', mobilenumber: '9811122236' }]);
    const failed = await until(sandbox, '9811122236', (r) => 'ttsproblem' in r, 'the failure was written');
    assert.equal(failed['ttsproblem'], 'the audio URL answered HTTP 404');
    assert.equal(failed['leadstatus'], 10500);
  });

  test('a 500 is retried with backoff, the same key each time, at most five tries; then the record waits with the reason', async () => {
    const hook = await webhook((_req, res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"engine overloaded"}'));
    const sandbox = await sandboxWith();
    await pointAt(sandbox, hook.url);
    await remind(sandbox, [{ name: 'Kiran', mobilenumber: '9811122237' }]);
    const failed = await until(sandbox, '9811122237', () => hook.seen.length >= MAX_SPEECH_TRIES, 'five tries were made');
    assert.equal(failed['ttsproblem'], 'the webhook answered HTTP 500: engine overloaded');
    // Past the last try's backoff (20 ms doubling: well under a second), nothing more is sent.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(hook.seen.length, MAX_SPEECH_TRIES);
    assert.equal(new Set(hook.seen.map((s) => s.key)).size, 1, 'a retry is the same request');
    const after = await record(sandbox, '9811122237');
    assert.equal(after['leadstatus'], 10500);
    assert.ok(!called(after));
    // Imported again, it is asked again from the start, under a new key.
    hook.answer = audio('audio/wav', wav(1));
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a new storedatetime (whole seconds)
    await remind(sandbox, [{ name: 'Kiran', mobilenumber: '9811122237' }]);
    const done = await until(sandbox, '9811122237', called, 'the record was called after the new import');
    assert.ok(!('ttsproblem' in done), 'the reason goes once speech is made');
    assert.notEqual(hook.seen.at(-1)!.key, hook.seen[0]!.key);
  });

  test('a webhook that never answers times out; one that refuses connections says so; other requests are served meanwhile', async () => {
    const hung = await webhook(() => undefined);
    const sandbox = await sandboxWith({ messengerTimings: { timeoutMs: 400, firstRetryMs: 20 } });
    await pointAt(sandbox, hung.url);
    await remind(sandbox, [{ name: 'Dev', mobilenumber: '9811122238' }]);
    await until(sandbox, '9811122238', () => hung.seen.length === 1, 'the webhook was asked');
    // The webhook holds its request; the sandbox answers everything else (this getProcessData, a userStatus) all the same.
    const status = await postJodo(sandbox.endpoint, { method: 'userStatus', apikey: APIKEY, servicekey: 'VoiceProcess', loginids: ['user1'] });
    assert.equal(status.body['statuscode'], '001');
    const timedOut = await until(sandbox, '9811122238', (r) => 'ttsproblem' in r, 'the timeout was written');
    assert.equal(timedOut['ttsproblem'], 'the webhook did not answer within 0.4 s');

    const closed = createServer();
    const url = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await pointAt(sandbox, `${url}/tts`);
    await remind(sandbox, [{ name: 'Dev', mobilenumber: '9811122239' }]);
    const refused = await until(sandbox, '9811122239', (r) => 'ttsproblem' in r, 'the refusal was written');
    assert.equal(refused['ttsproblem'], 'the webhook could not be reached (ECONNREFUSED)');
  });

  test('a record imported again while its speech is being made is sent again with its new text; the old answer counts for nothing', async () => {
    const answers = new Map<string, () => void>();
    const hook = await webhook((_req, res, n) => {
      // Each text gets audio of its own length: the first 1 s, the second 2 s.
      const reply = () => audio('audio/wav', wav(n))(_req, res);
      if (n === 1) answers.set('first', reply);
      else reply();
    });
    const sandbox = await sandboxWith({ messengerTimings: { timeoutMs: 5_000, firstRetryMs: 20 } });
    await pointAt(sandbox, hook.url);
    await remind(sandbox, [{ name: 'Old Name', mobilenumber: '9811122240' }]);
    await until(sandbox, '9811122240', () => hook.seen.length === 1, 'the first text was sent');
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a new storedatetime (whole seconds)
    await remind(sandbox, [{ name: 'New Name', mobilenumber: '9811122240' }]);
    const done = await until(sandbox, '9811122240', called, 'the record was called');
    assert.deepEqual(hook.seen.map((s) => s.body['firstname']), ['Old', 'New']);
    assert.notEqual(hook.seen[0]!.key, hook.seen[1]!.key);
    answers.get('first')!(); // the first answer, late
    await new Promise((resolve) => setTimeout(resolve, 200));
    const recording = await recordingOf(sandbox, String(done['systemcallid']));
    assert.equal(Math.round(wavSeconds(recording.bytes)!), 2, "the new text's audio");
    assert.equal((await record(sandbox, '9811122240'))['systemcallid'], done['systemcallid'], 'called once');
  });

  test('a scheduled callDateTime: dialled at that time, not before; a record that is not voice is not spoken', async () => {
    const hook = await webhook(audio('audio/wav', wav(1)));
    const sandbox = await sandboxWith();
    await pointAt(sandbox, hook.url);
    const when = new Date(Date.now() + 2_000);
    const at = formatJodoDateTime(when);
    await remind(sandbox, [{ name: 'Later', mobilenumber: '9811122241', callDateTime: at }]);
    const ready = await until(sandbox, '9811122241', (r) => r['leadstatus'] === 1001, 'the speech was made');
    // Seen ready well before its time (callDateTime has whole seconds): not called yet.
    if (Date.now() < when.getTime() - 1_000) assert.ok(!called(ready), 'called before its callDateTime');
    const done = await until(sandbox, '9811122241', called, 'the record was called');
    await recordingOf(sandbox, String(done['systemcallid']));
    // customer_multiple_recordings finds it too.
    const answer = await postJodo(sandbox.endpoint, { method: 'customer_multiple_recordings', apikey: APIKEY, servicekey: 'Reminders', systemcallids: [done['systemcallid']] });
    assert.equal((answer.body['statusdata'] as Record<string, unknown>[])[0]!['status'], 3);
    // The call's systemcallid begins with the time it was made (yyMMddHHmmss): not before callDateTime.
    const made = String(done['systemcallid']).slice(0, 12);
    assert.ok(made >= at.replace(/\D/g, '').slice(2), `called at ${made}, scheduled for ${at}`);

    await remind(sandbox, [{ name: 'Chat only', mobilenumber: '9811122242' }], 'Chat');
    const chat = await record(sandbox, '9811122242');
    assert.equal(chat['leadstatus'], 1001);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(hook.seen.filter((s) => s.body['mobilenumber'] === '9811122242').length, 0);
  });
});

describe('the typed client', () => {
  test("getProcessData gives a messenger record's leadstatus, ttsproblem and systemcallid, typed", async () => {
    const hook = await webhook((_req, res, n) => (n === 1 ? res.writeHead(502).end() : audio('audio/wav', wav(1))(_req, res)));
    const sandbox = await sandboxWith({ messengerTimings: { timeoutMs: 400, firstRetryMs: 600 } });
    await pointAt(sandbox, hook.url);
    const client = new JodoClient({ endpoint: sandbox.endpoint, apikey: APIKEY, servicekey: 'Reminders' });
    await client.importProcessData({ media: 'Voice Out', updateparam: 'mobilenumber', data: [{ name: 'Asha', mobilenumber: '9811122280' }] });
    const lookUp = async () => (await client.getProcessData({ searchparam: 'mobilenumber', mobilenumber: '9811122280' })).data.records[0]!;
    await until(sandbox, '9811122280', (r) => 'ttsproblem' in r, 'the first try failed');
    const failed = await lookUp();
    const waiting: `${LeadStatus}` | (string & {}) | undefined = failed.leadstatus;
    assert.equal(waiting, String(LeadStatuses.AwaitingSpeech));
    assert.equal(failed.ttsproblem, 'the webhook answered HTTP 502');
    assert.equal(failed.systemcallid, undefined);
    await until(sandbox, '9811122280', called, 'the record was called');
    const done = await lookUp();
    assert.equal(done.leadstatus, String(LeadStatuses.FreshCall));
    assert.equal(done.ttsproblem, undefined);
    assert.match(done.systemcallid ?? '', /^\d{18}$/);
  });
});

describe("the sandbox's speech engine", () => {
  test('POST /sandbox/tts speaks the text with espeak-ng as WAV; Reminders uses it by default, in the fixture as loaded', async () => {
    const sandbox = await sandboxWith();
    const response = await fetch(`${sandbox.origin}/sandbox/tts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ servicekey: 'Reminders', text: 'Hello Asha, this is a reminder.' }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(response.headers.get('content-type'), 'audio/wav');
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.equal(bytes.toString('latin1', 0, 4), 'RIFF');
    assert.equal(bytes.readUInt32LE(4), bytes.length - 8, 'the header says how long the file is');
    assert.ok(wavSeconds(bytes)! > 1, `${wavSeconds(bytes)} s of speech`);
    // Bad input: a clear refusal.
    for (const body of [{}, { text: '' }, { text: 42 }, { text: 'x'.repeat(2001) }]) {
      const refused = await fetch(`${sandbox.origin}/sandbox/tts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(refused.status, 400);
      assert.match(((await refused.json()) as { error: string }).error, /^text must be/);
    }
    // The fixture's messenger process, untouched: the same engine, in-process.
    await sandbox.control('/sandbox/reset');
    await remind(sandbox, [{ name: 'Asha Rao', mobilenumber: '9811122250' }]);
    const done = await until(sandbox, '9811122250', called, 'the record was called');
    const recording = await recordingOf(sandbox, String(done['systemcallid']));
    assert.equal(recording.type, 'audio/wav');
    const expected = await speak('Hello Asha, this is a reminder from Acme about your appointment.');
    assert.ok(expected.ok && recording.bytes.equals(expected.wav), 'the fixture template, spoken');
  });

  test('where espeak-ng is missing: 503 saying what to install, and the record waits at 10500 with that reason', async () => {
    const sandbox = await sandboxWith({ speak: (text) => speak(text, 'espeak-ng-not-installed') });
    const response = await fetch(`${sandbox.origin}/sandbox/tts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Hello' }) });
    assert.equal(response.status, 503);
    assert.match(((await response.json()) as { error: string }).error, /apt-get install espeak-ng/);
    await remind(sandbox, [{ name: 'Asha', mobilenumber: '9811122251' }]);
    const waiting = await until(sandbox, '9811122251', (r) => 'ttsproblem' in r, 'the reason was written');
    assert.equal(waiting['leadstatus'], 10500);
    assert.match(String(waiting['ttsproblem']), /^the speech engine answered HTTP 503: espeak-ng is not installed .*apt-get install espeak-ng/);
  });
});

describe('making a process a messenger process', () => {
  test('POST /sandbox/processes/<servicekey>/messenger turns one on and off; bad input is refused and changes nothing', async () => {
    const hook = await webhook(audio('audio/wav', wav(1)));
    const sandbox = await sandboxWith();
    const set = (servicekey: string, body: unknown) => sandbox.control(`/sandbox/processes/${servicekey}/messenger`, body);
    const on = await set('voiceprocess', { webhook: hook.url, template: 'Hi {{name}}' });
    assert.deepEqual(await on.json(), { ok: true, servicekey: 'VoiceProcess', webhook: hook.url, template: 'Hi {{name}}' });
    const importInto = (mobilenumber: string) =>
      postJodo(sandbox.endpoint, { method: 'ImportProcessData', apikey: APIKEY, servicekey: 'VoiceProcess', media: 'Voice Out', updateparam: 'mobilenumber', data: [{ name: 'Zoya', mobilenumber }] });
    await importInto('9811122260');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(hook.seen.map((s) => s.body['text']), ['Hi Zoya']);

    for (const [body, status] of [
      [{ webhook: 'ftp://example.com/x' }, 400],
      [{ webhook: 'not a url' }, 400],
      [{ webhook: hook.url, template: '' }, 400],
      [{ webhook: hook.url, template: 'x'.repeat(1001) }, 400],
      [{ webhook: 42 }, 400],
    ] as const) {
      const refused = await set('VoiceProcess', body);
      assert.equal(refused.status, status, JSON.stringify(body));
    }
    assert.equal((await set('NoSuchProcess', { webhook: hook.url })).status, 404);
    assert.equal((await set('VoiceProcess', { webhook: null })).status, 200);
    await importInto('9811122261');
    const ordinary = await postJodo(sandbox.endpoint, { method: 'getProcessData', apikey: APIKEY, servicekey: 'VoiceProcess', searchparam: 'mobilenumber', mobilenumber: '9811122261' });
    assert.equal((ordinary.body['data'] as Record<string, unknown>[])[0]!['leadstatus'], 1001);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(hook.seen.length, 1, 'an ordinary process asks no webhook');
  });

  test('npm run sandbox -- --tts-webhook URL points Reminders at that webhook', async () => {
    const hook = await webhook(audio('audio/wav', wav(1)));
    const dir = mkdtempSync(join(tmpdir(), 'jodo-messenger-cli-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const cli = await startSandboxCli(join(dir, 'sandbox.db'), ['--tts-webhook', hook.url]);
    closers.push(async () => void (await cli.stop()));
    const answer = await postJodo(cli.endpoint, {
      method: 'ImportProcessData', apikey: APIKEY, servicekey: 'Reminders', media: 'Voice Out', updateparam: 'mobilenumber', data: [{ name: 'Asha', mobilenumber: '9811122270' }],
    });
    assert.equal(answer.body['statuscode'], '001');
    const deadline = Date.now() + WAIT_MS;
    while (hook.seen.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(hook.seen[0]?.body['mobilenumber'], '9811122270');
    assert.match(hook.seen[0]!.key!, /^Reminders:/);
  });
});

