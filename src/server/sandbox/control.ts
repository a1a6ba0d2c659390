/**
 * The control API of CONTRACT.md, outside the Jodo endpoint, as Hono routes:
 * reset, queue faults, count requests, pause the dialer, set an agent's
 * state, make a whole call at once, read an agent's call, the recordings
 * themselves, messenger processes and their speech engine, and the clock. JSON in, JSON out, for pages of the sandbox's own origin only.
 */
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { AgentStates, VOICE_OUT, isAgentState } from '../../api/codes.js';
import { isJsonObject } from '../../api/json.js';
import { formatJodoDateTime, isMobileNumber } from '../../api/rules.js';
import { limitedBody } from '../http/limited-body.js';
import { bytesResponse, jsonResponse, noContentResponse } from '../http/web-responses.js';
import { findAgentAnywhere, setAgentState } from './agents.js';
import { findProcess } from './checks.js';
import { makeRecording } from './audio.js';
import { insertCall, latestCall } from './calls.js';
import { recordingSeconds, type Dialer } from './dialer.js';
import { parseFault, type Fault, type Faults, type RequestCounts } from './faults.js';
import { recordingPath } from './control-paths.js';
import { loadFixture, type FixtureOptions } from './fixture.js';
import { linkOrigin } from './request-origin.js';
import { sameOriginOnly } from './same-origin-only.js';
import { DEFAULT_MESSAGE_TEMPLATE, MAX_TEMPLATE_CHARACTERS, SANDBOX_SPEECH, isHttpUrl } from './messenger.js';
import type { Speech } from './speech-engine.js';
import { inWriteTransaction, sql, type AudioRow, type CallRow, type ProcessRow, type RecordRow, type SandboxDatabase } from './store.js';

const RECORDING_ROUTE = '/sandbox/recordings/:file{[0-9]{1,32}\\.(wav|mp3)}';
const MESSENGER_ROUTE = '/sandbox/processes/:servicekey/messenger';
const AGENT_CALL_ROUTE = '/sandbox/agents/:login/call';


export interface ControlDeps {
  db: SandboxDatabase;
  dialer: Dialer;
  faults: Faults;
  counts: RequestCounts;
  clock(): Date;
  /** How far the sandbox's clock is moved from the machine's (`/sandbox/clock`). */
  shift: ClockShift;
  /** Where unexpected failures are reported (one short line, no request data). */
  log(line: string): void;
  /** Moves the dialer up to `now` before a request reads agent states. */
  catchUp(now: Date): void;
  /** How `/sandbox/reset` loads the fixture (the messenger webhook the sandbox was started with). */
  fixture: FixtureOptions;
  /** The speech engine behind `/sandbox/tts`. */
  speak(text: unknown): Promise<Speech>;
}

export interface ClockShift {
  get(): number;
  set(offsetMs: number): void;
}

/** A year either way: enough for any skew a toolbar must cope with, and every date stays a date. */
const MAX_CLOCK_OFFSET_MS = 366 * 24 * 3600 * 1000;

/** What the call helpers below need of one request. */
interface ControlContext {
  db: SandboxDatabase;
  dialer: Dialer;
  now: Date;
  recordingUrl(systemcallid: string, contentType?: string | null): string;
}

type Env = { Bindings: HttpBindings; Variables: { now: Date; input: Record<string, unknown> } };

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const refusal = (status: number, error: string) => jsonResponse(status, { ok: false, error });
const ok = (fields: Record<string, unknown> = {}) => jsonResponse(200, { ok: true, ...fields });

function parseObject(text: string): Record<string, unknown> {
  try {
    const body = text.trim() === '' ? {} : JSON.parse(text);
    if (isJsonObject(body)) return body;
  } catch {
    // answered below
  }
  throw new ControlError(400, 'the body must be a JSON object');
}

const sized = limitedBody<Env>(() => refusal(413, 'the body is larger than 1 MiB'));

/** A POST route's body, as `c.var.input`: a JSON object of at most 1 MiB (an empty body is `{}`). */
const jsonInput: MiddlewareHandler<Env> = async (c, next) => {
  // Checked first: a JSON content type forces a CORS preflight, so no form post from another page gets further.
  if (!/^application\/json\b/i.test(c.env.incoming.headers['content-type'] ?? '')) {
    throw new ControlError(415, 'send the body as application/json');
  }
  return sized(c, async () => {
    c.set('input', parseObject(await c.req.text()));
    await next();
  });
};

function describeCall(ctx: ControlContext, call: CallRow) {
  const { db } = ctx;
  const process = sql(db, 'SELECT servicekey FROM processes WHERE id = ?').get(call.process_id) as Pick<ProcessRow, 'servicekey'>;
  const record = call.record_id === null ? undefined : (sql(db, 'SELECT * FROM records WHERE id = ?').get(call.record_id) as RecordRow | undefined);
  const agent = findAgentAnywhere(db, call.login);
  return {
    systemcallid: call.systemcallid,
    sessionid: call.sessionid,
    login: call.login,
    servicekey: process.servicekey,
    mobilenumber: call.mobilenumber,
    media: call.media,
    phase: call.phase,
    currentstatus: agent?.state ?? null,
    startdatetime: formatJodoDateTime(new Date(call.started_at)),
    enddatetime: call.ended_at === null ? null : formatJodoDateTime(new Date(call.ended_at)),
    recordingfilepath: call.recording_seconds === null ? '' : ctx.recordingUrl(call.systemcallid, audioOf(db, call)?.content_type),
    customer: record ? { ...JSON.parse(record.fields), storedatetime: record.storedatetime } : null,
  };
}

function makeCall(ctx: ControlContext, body: Record<string, unknown>) {
  const { db, now } = ctx;
  const { login, mobilenumber, servicekey } = body;
  if (typeof servicekey !== 'string') throw new ControlError(400, 'servicekey is required');
  const process = findProcess(db, servicekey);
  if (!process) throw new ControlError(404, 'no such servicekey');
  const agent = findAgentAnywhere(db, login);
  if (!agent || agent.apikey !== process.apikey) throw new ControlError(404, "no such login in this servicekey's organisation");
  if (!isMobileNumber(mobilenumber)) throw new ControlError(400, 'mobilenumber must be 3 to 16 digits, optionally led by + or 00');
  const record = sql(db, 'SELECT id FROM records WHERE process_id = ? AND mobilenumber = ? ORDER BY id LIMIT 1')
    .get(process.id, mobilenumber) as { id: number } | undefined;
  const call = inWriteTransaction(db, () => {
    const made = insertCall(
      db,
      {
        process_id: process.id,
        login: agent.login,
        mobilenumber,
        record_id: record?.id ?? null,
        media: VOICE_OUT,
        phase: 'done',
        phase_until: null,
        recording_seconds: recordingSeconds(ctx.dialer.timings.talkMs),
      },
      now,
    );
    setAgentState(db, agent.login, AgentStates.Wrapup, now.getTime());
    return made;
  });
  return { systemcallid: call.systemcallid, sessionid: call.sessionid, recordingfilepath: ctx.recordingUrl(call.systemcallid) };
}

const recordingCache = new Map<string, Uint8Array<ArrayBuffer>>();

/** A messenger call's spoken message (its recording). */
function audioOf(db: SandboxDatabase, call: CallRow): AudioRow | undefined {
  return call.audio_id === null ? undefined : (sql(db, 'SELECT * FROM audio WHERE id = ?').get(call.audio_id) as AudioRow | undefined);
}

/** `POST /sandbox/processes/<servicekey>/messenger` `{"webhook","template"}`: a messenger process, or (webhook null) an ordinary one again. */
function setMessenger(db: SandboxDatabase, servicekey: string, input: Record<string, unknown>) {
  const process = findProcess(db, servicekey);
  if (!process) throw new ControlError(404, 'no such servicekey');
  const { webhook, template } = input;
  if (webhook === null) {
    // Records waiting for speech are no longer asked for it; an import makes them ordinary records.
    sql(db, 'UPDATE processes SET tts_webhook = NULL, tts_template = NULL WHERE id = ?').run(process.id);
    return { servicekey: process.servicekey, webhook: null, template: null };
  }
  if (typeof webhook !== 'string' || !(webhook === SANDBOX_SPEECH || isHttpUrl(webhook))) {
    throw new ControlError(400, `webhook must be an http(s) URL, "${SANDBOX_SPEECH}" (the sandbox's own speech engine) or null`);
  }
  if (template !== undefined && (typeof template !== 'string' || template.trim() === '' || template.length > MAX_TEMPLATE_CHARACTERS)) {
    throw new ControlError(400, `template must be a non-empty string of at most ${MAX_TEMPLATE_CHARACTERS} characters`);
  }
  const message = (template as string | undefined) ?? process.tts_template ?? DEFAULT_MESSAGE_TEMPLATE;
  sql(db, 'UPDATE processes SET tts_webhook = ?, tts_template = ? WHERE id = ?').run(webhook, message, process.id);
  return { servicekey: process.servicekey, webhook, template: message };
}

function recording(call: CallRow): Uint8Array<ArrayBuffer> {
  const key = `${call.systemcallid}:${call.recording_seconds}`;
  let bytes = recordingCache.get(key);
  if (!bytes) {
    bytes = makeRecording(call.systemcallid, call.recording_seconds!);
    if (recordingCache.size >= 32) recordingCache.delete(recordingCache.keys().next().value!);
    recordingCache.set(key, bytes);
  }
  return bytes;
}

/** The control API's routes; every path under /sandbox/ that none of them takes is the caller's 404. */
export function controlRoutes({ db, dialer, faults, counts, clock, shift, log, catchUp, fixture, speak }: ControlDeps): Hono<Env> {
  const routes = new Hono<Env>();
  const contextOf = (c: Context<Env>): ControlContext => {
    const origin = linkOrigin(c.env.incoming);
    return { db, dialer, now: c.var.now, recordingUrl: (id, type) => origin + recordingPath(id, type ?? undefined) };
  };

  routes.use('/sandbox/*', sameOriginOnly(), async (c, next) => {
    const now = clock();
    catchUp(now);
    c.set('now', now);
    await next();
  });

  routes.get('/sandbox/health', () => ok());
  routes.post('/sandbox/reset', jsonInput, () => {
    shift.set(0);
    loadFixture(db, clock(), fixture);
    faults.clear();
    counts.clear();
    return ok();
  });
  // The sandbox's clock (every resdatetime, timestamp, stored time and dial time), moved from the machine's.
  routes.get('/sandbox/clock', () => ok({ offsetMs: shift.get(), now: formatJodoDateTime(clock()) }));
  routes.post('/sandbox/clock', jsonInput, (c) => {
    const { offsetMs } = c.var.input;
    if (typeof offsetMs !== 'number' || !Number.isInteger(offsetMs) || Math.abs(offsetMs) > MAX_CLOCK_OFFSET_MS) {
      throw new ControlError(400, `offsetMs must be a whole number of milliseconds within a year either way (±${MAX_CLOCK_OFFSET_MS})`);
    }
    shift.set(offsetMs);
    return ok({ offsetMs, now: formatJodoDateTime(clock()) });
  });
  routes.post('/sandbox/faults', jsonInput, (c) => {
    let fault: Fault;
    try {
      fault = parseFault(c.var.input);
    } catch (error) {
      throw new ControlError(400, (error as Error).message);
    }
    faults.add(fault);
    return ok({ pending: faults.pending });
  });
  routes.delete('/sandbox/faults', () => {
    faults.clear();
    return ok({ pending: 0 });
  });
  routes.get('/sandbox/stats', () => ok({ requests: counts }));
  // What saveDisposition stored, oldest first: how tests and demos check a wrap-up landed exactly once.
  routes.get('/sandbox/dispositions', () =>
    ok({
      dispositions: sql(db, `SELECT login, master_id AS dispomasterid, reason_id AS disporeasonid, remarks, selecteddatetime, contactvalue, media, systemcallid, created_at
        FROM dispositions ORDER BY id`).all(),
    }),
  );
  routes.get('/sandbox/dialer', () => ok({ running: dialer.running }));
  routes.post('/sandbox/dialer', jsonInput, (c) => {
    const { running } = c.var.input;
    if (typeof running !== 'boolean') throw new ControlError(400, 'running must be true or false');
    dialer.running = running;
    return ok({ running });
  });
  routes.post('/sandbox/agents/state', jsonInput, (c) => {
    const { login, currentstatus } = c.var.input;
    const state = typeof currentstatus === 'string' && /^\d{1,2}$/.test(currentstatus) ? Number(currentstatus) : currentstatus;
    if (!isAgentState(state)) throw new ControlError(400, 'currentstatus must be a state from 1 to 11');
    const agent = findAgentAnywhere(db, login);
    if (!agent) throw new ControlError(404, 'no such login');
    setAgentState(db, agent.login, state, c.var.now.getTime());
    return ok({ login: agent.login, currentstatus: state });
  });
  routes.post('/sandbox/calls', jsonInput, (c) => jsonResponse(200, makeCall(contextOf(c), c.var.input)));
  routes.get(RECORDING_ROUTE, (c) => {
    const file = c.req.param('file');
    const systemcallid = file.slice(0, -'.wav'.length);
    const call = sql(db, 'SELECT * FROM calls WHERE systemcallid = ? AND recording_seconds IS NOT NULL').get(systemcallid) as CallRow | undefined;
    const message = call && audioOf(db, call);
    const type = message?.content_type ?? 'audio/wav';
    // Under the name its link gives it only: a WAV is not served as .mp3.
    if (!call || recordingPath(systemcallid, type) !== `/sandbox/recordings/${file}`) throw new ControlError(404, 'no such recording');
    return bytesResponse(c.req.method, c.req.header('range'), message ? new Uint8Array(message.bytes) : recording(call), type, {
      'content-disposition': `inline; filename="${file}"`,
    });
  });
  routes.post(MESSENGER_ROUTE, jsonInput, (c) => ok(setMessenger(db, c.req.param('servicekey'), c.var.input)));
  // The sandbox's speech engine: the webhook JSON of a messenger process in, its text spoken as WAV out.
  routes.post('/sandbox/tts', jsonInput, async (c) => {
    const speech = await speak(c.var.input['text']);
    if (!speech.ok) return refusal(speech.status, speech.error);
    return new Response(new Uint8Array(speech.wav), { status: 200, headers: { 'content-type': 'audio/wav', 'content-length': String(speech.wav.length), 'cache-control': 'no-store' } });
  });
  routes.get(AGENT_CALL_ROUTE, (c) => {
    // The login as it came, from the path as routed (Hono's own param would be decoded already, leniently).
    let login: string;
    try {
      login = decodeURIComponent(c.req.path.split('/')[3]!);
    } catch {
      throw new ControlError(400, 'the login in the path is not valid percent-encoding');
    }
    const agent = findAgentAnywhere(db, login);
    if (!agent) throw new ControlError(404, 'no such login');
    const call = latestCall(db, agent.login);
    // No call yet is an answer, not a failure: a page asking at every state change has no error to log.
    if (!call) return noContentResponse();
    return jsonResponse(200, describeCall(contextOf(c), call));
  });
  // Every path above answers any other method with 405 (the middleware's catch-all is not a route of its own).
  const paths = new Set(routes.routes.filter((route) => route.method !== 'ALL').map((route) => route.path));
  for (const path of paths) {
    routes.all(path, (c) => {
      throw new ControlError(405, `${c.req.method} is not allowed here`);
    });
  }

  routes.onError((error, c) => {
    if (error instanceof ControlError) return refusal(error.status, error.message);
    log(`sandbox: a request to the control API failed: ${error.name}`);
    return c.env.outgoing.destroyed ? RESPONSE_ALREADY_SENT : refusal(500, 'internal error');
  });
  return routes;
}
