/**
 * The control API of CONTRACT.md, outside the Jodo endpoint: reset, pause the
 * dialer, set an agent's state, make a whole call at once, read an agent's
 * call, and the recordings themselves.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AgentStates, VOICE_OUT, isAgentState } from '../../api/codes.js';
import { isJsonObject } from '../../api/json.js';
import { formatJodoDateTime, isMobileNumber } from '../../api/rules.js';
import { BodyTooLargeError, readBody } from '../http/body.js';
import { sendBytes, sendJson } from '../http/respond.js';
import { findAgentAnywhere, setAgentState } from './agents.js';
import { findProcess } from './checks.js';
import { makeRecording } from './audio.js';
import { insertCall, latestCall } from './calls.js';
import { recordingSeconds, type Dialer } from './dialer.js';
import { parseFault, type Faults, type RequestCounts } from './faults.js';
import { loadFixture } from './fixture.js';
import { inWriteTransaction, sql, type CallRow, type ProcessRow, type RecordRow, type SandboxDatabase } from './store.js';

export const CONTROL_PREFIX = '/sandbox/';
const RECORDING_PATH = /^\/sandbox\/recordings\/(\d{1,32})\.wav$/;
const AGENT_CALL_PATH = /^\/sandbox\/agents\/([^/]+)\/call$/;

export function recordingPath(systemcallid: string): string {
  return `/sandbox/recordings/${systemcallid}.wav`;
}

export interface ControlContext {
  db: SandboxDatabase;
  dialer: Dialer;
  faults: Faults;
  counts: RequestCounts;
  now: Date;
  recordingUrl(systemcallid: string): string;
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  // A JSON content type forces a CORS preflight, so no other site's page can drive the sandbox.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    throw new ControlError(415, 'send the body as application/json');
  }
  let text: string;
  try {
    text = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new ControlError(413, 'the body is larger than 1 MiB');
    throw error;
  }
  try {
    const body = text.trim() === '' ? {} : JSON.parse(text);
    if (isJsonObject(body)) return body;
  } catch {
    // answered below
  }
  throw new ControlError(400, 'the body must be a JSON object');
}

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
    recordingfilepath: call.recording_seconds === null ? '' : ctx.recordingUrl(call.systemcallid),
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

const recordingCache = new Map<string, Uint8Array>();

function recording(call: CallRow): Uint8Array {
  const key = `${call.systemcallid}:${call.recording_seconds}`;
  let bytes = recordingCache.get(key);
  if (!bytes) {
    bytes = makeRecording(call.systemcallid, call.recording_seconds!);
    if (recordingCache.size >= 32) recordingCache.delete(recordingCache.keys().next().value!);
    recordingCache.set(key, bytes);
  }
  return bytes;
}

/** Serves one control request; answers every path under /sandbox/. */
export async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, ctx: ControlContext): Promise<void> {
  const { db, dialer, faults, counts, now } = ctx;
  const method = req.method ?? 'GET';
  const route = `${method} ${path}`;
  try {
    const recordingMatch = RECORDING_PATH.exec(path);
    if (recordingMatch && (method === 'GET' || method === 'HEAD')) {
      const call = sql(db, 'SELECT * FROM calls WHERE systemcallid = ? AND recording_seconds IS NOT NULL').get(recordingMatch[1]) as CallRow | undefined;
      if (!call) throw new ControlError(404, 'no such recording');
      sendBytes(req, res, recording(call), 'audio/wav', {
        'access-control-allow-origin': '*',
        'content-disposition': `inline; filename="${call.systemcallid}.wav"`,
      });
      return;
    }
    const agentCall = AGENT_CALL_PATH.exec(path);
    if (agentCall && method === 'GET') {
      let login: string;
      try {
        login = decodeURIComponent(agentCall[1]!);
      } catch {
        throw new ControlError(400, 'the login in the path is not valid percent-encoding');
      }
      const agent = findAgentAnywhere(db, login);
      const call = agent ? latestCall(db, agent.login) : undefined;
      if (!call) throw new ControlError(404, agent ? 'this agent has had no call' : 'no such login');
      sendJson(res, 200, describeCall(ctx, call));
      return;
    }
    switch (route) {
      case 'GET /sandbox/health':
        sendJson(res, 200, { ok: true });
        return;
      case 'POST /sandbox/reset':
        await jsonBody(req);
        loadFixture(db, now);
        faults.clear();
        counts.clear();
        sendJson(res, 200, { ok: true });
        return;
      case 'POST /sandbox/faults': {
        const body = await jsonBody(req);
        try {
          faults.add(parseFault(body));
        } catch (error) {
          throw new ControlError(400, (error as Error).message);
        }
        sendJson(res, 200, { ok: true, pending: faults.pending });
        return;
      }
      case 'DELETE /sandbox/faults':
        faults.clear();
        sendJson(res, 200, { ok: true, pending: 0 });
        return;
      case 'GET /sandbox/stats':
        sendJson(res, 200, { ok: true, requests: counts });
        return;
      case 'GET /sandbox/dispositions':
        // What saveDisposition stored, oldest first: how tests and demos check a wrap-up landed exactly once.
        sendJson(res, 200, {
          ok: true,
          dispositions: sql(db, `SELECT login, master_id AS dispomasterid, reason_id AS disporeasonid, remarks, selecteddatetime, contactvalue, media, systemcallid, created_at
            FROM dispositions ORDER BY id`).all(),
        });
        return;
      case 'GET /sandbox/dialer':
        sendJson(res, 200, { ok: true, running: dialer.running });
        return;
      case 'POST /sandbox/dialer': {
        const { running } = await jsonBody(req);
        if (typeof running !== 'boolean') throw new ControlError(400, 'running must be true or false');
        dialer.running = running;
        sendJson(res, 200, { ok: true, running });
        return;
      }
      case 'POST /sandbox/agents/state': {
        const { login, currentstatus } = await jsonBody(req);
        const state = typeof currentstatus === 'string' && /^\d{1,2}$/.test(currentstatus) ? Number(currentstatus) : currentstatus;
        if (!isAgentState(state)) throw new ControlError(400, 'currentstatus must be a state from 1 to 11');
        const agent = findAgentAnywhere(db, login);
        if (!agent) throw new ControlError(404, 'no such login');
        setAgentState(db, agent.login, state, now.getTime());
        sendJson(res, 200, { ok: true, login: agent.login, currentstatus: state });
        return;
      }
      case 'POST /sandbox/calls':
        sendJson(res, 200, makeCall(ctx, await jsonBody(req)));
        return;
    }
    const known = ['/sandbox/health', '/sandbox/reset', '/sandbox/dialer', '/sandbox/agents/state', '/sandbox/calls', '/sandbox/faults', '/sandbox/stats', '/sandbox/dispositions'];
    if (known.includes(path) || RECORDING_PATH.test(path) || AGENT_CALL_PATH.test(path)) throw new ControlError(405, `${method} is not allowed here`);
    throw new ControlError(404, 'no such sandbox route');
  } catch (error) {
    if (error instanceof ControlError) {
      sendJson(res, error.status, { ok: false, error: error.message });
      return;
    }
    throw error;
  }
}
