/** ImportProcessData and getProcessData: customer records of one process. */
import { CALL_TYPES, HOT_LEAD_CALL_TYPE, LeadStatuses, mediaId, SEARCH_PARAMS, updateParam, type SearchParam, type UpdateParam } from '../../../api/codes.js';
import { CUSTOMER_NOT_FOUND, FAIL, INVALID_UPDATE_PARAMETER } from '../../../api/status-codes.js';
import { formatJodoDateTime, isJodoDateTime } from '../../../api/rules.js';
import { findAgent } from '../agents.js';
import type { MethodHandler } from '../context.js';
import { isDiallable } from '../dialer.js';
import { JsonText } from '../../http/respond.js';
import { Refusal, success } from '../replies.js';
import { type RecordRow, sql } from '../store.js';

type Fields = Record<string, unknown>;

/** A record's value for a key field, whatever its case in the request (`Mobilenumber`). */
function keyValue(fields: Fields, name: string): string | null {
  const key = Object.keys(fields).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : fields[key];
  return value === undefined || value === null || String(value).trim() === '' ? null : String(value);
}

function callType(fields: Fields): number | undefined {
  const raw = fields['calltype'] ?? fields['call_type'];
  const n = Number(raw);
  return raw !== undefined && n in CALL_TYPES ? n : undefined;
}

export const importProcessData: MethodHandler = (request, { db, now, apikey, process }) => {
  const media = mediaId(request['media'])!;
  const param = updateParam(request['updateparam']) as UpdateParam;
  const records = request['data'] as Fields[];
  const stamp = formatJodoDateTime(now);

  // A pinned agent is stored as Jodo spells the login, whatever its case or spaces in the request.
  const pinned = records.map((fields, i) => {
    if (fields['userlogin'] === undefined) return null;
    const agent = findAgent(db, apikey, fields['userlogin']);
    if (!agent) throw new Refusal(FAIL, `data.${i}.userlogin is not a login of this organisation`);
    return agent.login;
  });

  const find = sql(db, `SELECT * FROM records WHERE process_id = ? AND ${param} = ? ORDER BY id LIMIT 1`);
  const insert = sql(db, 
    `INSERT INTO records (process_id, mobilenumber, customercode, crmuniquefield, media, fields, storedatetime, dial_status, dial_at, dial_priority, dial_login,
     leadstatus, tts_generation, tts_tries, tts_next_at, tts_problem, audio_id, systemcallid)
     VALUES (@process_id, @mobilenumber, @customercode, @crmuniquefield, @media, @fields, @storedatetime, @dial_status, @dial_at, @dial_priority, @dial_login,
     @leadstatus, @tts_generation, 0, @tts_next_at, NULL, @audio_id, @systemcallid)`,
  );
  const update = sql(db, 
    `UPDATE records SET mobilenumber = @mobilenumber, customercode = @customercode, crmuniquefield = @crmuniquefield, media = @media,
     fields = @fields, storedatetime = @storedatetime, dial_status = @dial_status, dial_at = @dial_at, dial_priority = @dial_priority,
     dial_login = @dial_login, leadstatus = @leadstatus, tts_generation = @tts_generation, tts_tries = CASE WHEN @spoken THEN 0 ELSE tts_tries END,
     tts_next_at = @tts_next_at, tts_problem = CASE WHEN @spoken THEN NULL ELSE tts_problem END, audio_id = @audio_id, systemcallid = @systemcallid
     WHERE id = @id`,
  );
  // A messenger process: each voice record waits for its spoken message (10500) and is asked for it now (messenger.ts).
  const messenger = process!.tts_webhook !== null;

  records.forEach((incoming, i) => {
    const key = keyValue(incoming, param);
    const existing = key === null ? undefined : (find.get(process!.id, key) as RecordRow | undefined);
    // An update changes the fields the record carries and keeps the others.
    const fields: Fields = existing ? { ...JSON.parse(existing.fields), ...incoming } : { ...incoming };
    const mobile = keyValue(fields, 'mobilenumber');
    // A push dials a new record; pushing a known one again (a call guide saving an edit) dials it only
    // when its number changed or it names a call time, so one customer is not rung twice by accident.
    const spoken = messenger && isDiallable(media, mobile);
    const diallable =
      !spoken && isDiallable(media, mobile) && (!existing || existing.mobilenumber !== mobile || isJodoDateTime(incoming['callDateTime']));
    // What an earlier import's speech made stays only while nothing asks for new speech (an ordinary update of a messenger record that was not voice).
    const kept = spoken ? null : existing;
    const row = {
      process_id: process!.id,
      mobilenumber: mobile,
      customercode: keyValue(fields, 'customercode'),
      crmuniquefield: keyValue(fields, 'crmuniquefield'),
      media,
      fields: JSON.stringify(fields),
      storedatetime: stamp,
      dial_status: diallable ? 'queued' : (kept?.dial_status ?? null),
      dial_at: diallable ? (isJodoDateTime(fields['callDateTime']) ? fields['callDateTime'] : stamp) : (kept?.dial_at ?? null),
      dial_priority: diallable ? (callType(fields) === HOT_LEAD_CALL_TYPE ? 0 : 1) : (kept?.dial_priority ?? null),
      // The record is the pinned agent's from now on, dialled or not (getProcessData answers them as its userlogin).
      dial_login: pinned[i] ?? existing?.dial_login ?? null,
      leadstatus: spoken ? LeadStatuses.AwaitingSpeech : LeadStatuses.FreshCall,
      // A new generation makes an answer to the request for the old text count for nothing (it is asked again with the new).
      tts_generation: (existing?.tts_generation ?? 0) + (spoken ? 1 : 0),
      tts_next_at: spoken ? now.getTime() : null,
      spoken: spoken ? 1 : 0,
      audio_id: kept?.audio_id ?? null,
      systemcallid: kept?.systemcallid ?? null,
    };
    if (existing) update.run({ ...row, id: existing.id });
    else insert.run((({ spoken: _, ...columns }) => columns)(row));
  });
  return success('ImportProcessData', now);
};

type StoredRecord = Pick<RecordRow, 'fields' | 'storedatetime' | 'leadstatus' | 'dial_login' | 'tts_problem' | 'systemcallid'>;

/** The columns `present` reads, in the order getProcessData selects them. */
const ANSWERED = 'fields, storedatetime, leadstatus, dial_login, tts_problem, systemcallid';
/** Fields the store sets on every record it answers; a form that has one of its own takes the long way. */
const STORE_FIELDS = /"(?:userlogin|leadstatus|storedatetime|ttsproblem|systemcallid)"/;

/**
 * What getProcessData answers for a record, as JSON: the process's form as stored,
 * then what the store knows of it: who holds it (`userlogin`, when someone does: a
 * pinned or reallocated agent), its place in calling (`leadstatus`), for a messenger
 * record why its speech failed (`ttsproblem`) and its call (`systemcallid`), and when
 * it was stored. The stored form is JSON.stringify's text of an object (ImportProcessData,
 * the fixture), so these are spliced in before its closing brace: the same text as
 * parsing, adding the fields and encoding again, at a fraction of the cost for a
 * day's records. A form that has one of these fields of its own (the store's value
 * replaces it, in its place) takes the long way.
 */
function present(row: StoredRecord): string {
  const { fields, storedatetime, leadstatus, dial_login: userlogin, tts_problem: ttsproblem, systemcallid } = row;
  if (STORE_FIELDS.test(fields) || !fields.endsWith('}')) {
    const spoken = { ...(ttsproblem === null ? {} : { ttsproblem }), ...(systemcallid === null ? {} : { systemcallid }) };
    return JSON.stringify({ ...JSON.parse(fields), ...(userlogin === null ? {} : { userlogin }), leadstatus, ...spoken, storedatetime });
  }
  const holder = userlogin === null ? '' : `"userlogin":${JSON.stringify(userlogin)},`;
  // A messenger record's: why its speech failed, and its call once dialled.
  const spoken = (ttsproblem === null ? '' : `"ttsproblem":${JSON.stringify(ttsproblem)},`) + (systemcallid === null ? '' : `"systemcallid":${JSON.stringify(systemcallid)},`);
  const known = `${holder}"leadstatus":${leadstatus},${spoken}"storedatetime":${JSON.stringify(storedatetime)}}`;
  return fields === '{}' ? `{${known}` : `${fields.slice(0, -1)},${known}`;
}

export const getProcessData: MethodHandler = (request, { db, now, process }) => {
  const searchparam = request['searchparam'] as SearchParam;
  // Checked by the schema already; checked again because it names a column below.
  if (!SEARCH_PARAMS.includes(searchparam)) throw new Refusal(INVALID_UPDATE_PARAMETER);
  // Only the columns the answer is made of: sorting and handing over whole rows cost several times more.
  let rows: StoredRecord[];
  if (searchparam === 'daterange') {
    rows = sql(db, `SELECT ${ANSWERED} FROM records WHERE process_id = ? AND storedatetime BETWEEN ? AND ? ORDER BY id`)
      .all(process!.id, request['fromdate'], request['todate']) as StoredRecord[];
  } else {
    const wanted = ([] as unknown[]).concat(request[searchparam]).map(String);
    rows = sql(db, `SELECT ${ANSWERED} FROM records WHERE process_id = ? AND ${searchparam} IN (SELECT value FROM json_each(?)) ORDER BY id`)
      .all(process!.id, JSON.stringify(wanted)) as StoredRecord[];
  }
  if (rows.length === 0) throw new Refusal(CUSTOMER_NOT_FOUND);
  return success('getProcessData', now, { data: new JsonText(`[${rows.map(present).join(',')}]`) });
};
