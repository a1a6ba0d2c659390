/** customer_recording and customer_multiple_recordings: links to the recordings of calls. */
import { ENTRY_SUCCESS_CODE, RECORDING_ID_BLANK, RECORDING_NOT_FOUND } from '../../../api/codes.js';
import { describeStatus } from '../../../api/method-status.js';
import { CALL_NOT_FOUND, SESSION_NOT_FOUND } from '../../../api/status-codes.js';
import type { MethodContext, MethodHandler } from '../context.js';
import { Refusal, success } from '../replies.js';
import { sql, type CallRow } from '../store.js';

type RecordedCall = CallRow & { content_type: string | null };

/** A finished call of the request's process with its recording (and the type of a messenger call's), by id as sent. */
function findRecordedCall({ db, process }: MethodContext, systemcallid: unknown): RecordedCall | undefined {
  if (typeof systemcallid !== 'string' && typeof systemcallid !== 'number') return undefined;
  return sql(
    db,
    `SELECT calls.*, audio.content_type FROM calls LEFT JOIN audio ON audio.id = calls.audio_id
     WHERE systemcallid = ? AND process_id = ? AND recording_seconds IS NOT NULL`,
  ).get(String(systemcallid).trim(), process!.id) as RecordedCall | undefined;
}

export const customerRecording: MethodHandler = (request, ctx) => {
  const call = findRecordedCall(ctx, request['systemcallid']);
  if (!call) throw new Refusal(CALL_NOT_FOUND);
  const sessionid = request['sessionid'];
  if (sessionid !== undefined && Number(sessionid) !== call.sessionid) throw new Refusal(SESSION_NOT_FOUND);
  return success('customer_recording', ctx.now, { recordingfilepath: ctx.recordingUrl(call.systemcallid, call.content_type) });
};

export const customerMultipleRecordings: MethodHandler = (request, ctx) => {
  const method = 'customer_multiple_recordings';
  const statusdata = (request['systemcallids'] as unknown[]).map((id) => {
    const blank = id === null || id === undefined || (typeof id === 'string' && id.trim() === '');
    const call = blank ? undefined : findRecordedCall(ctx, id);
    const status = blank ? RECORDING_ID_BLANK : call ? ENTRY_SUCCESS_CODE : RECORDING_NOT_FOUND;
    return {
      systemcallid: typeof id === 'string' || typeof id === 'number' ? String(id) : '',
      statusdesc: status === ENTRY_SUCCESS_CODE ? 'success' : describeStatus(method, status),
      status,
      recordingfilepath: call ? ctx.recordingUrl(call.systemcallid, call.content_type) : '',
    };
  });
  return success(method, ctx.now, { statusdata });
};
