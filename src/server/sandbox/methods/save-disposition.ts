/** saveDisposition: the agent's wrap-up of a call; puts the agent back to Ready. */
import { AgentStates, mediaId } from '../../../api/codes.js';
import { CONTACT_IN_DNC, DATE_OUT_OF_RANGE, DISPOSITION_LOGIN_NOT_FOUND, NOT_IN_WRAPUP, REASON_NOT_FOUND, TOO_MANY_CALLBACKS, WRONG_DATE_FORMAT } from '../../../api/status-codes.js';
import { formatJodoDateTime, isJodoDateTime, parseJodoDateTime } from '../../../api/rules.js';
import { findAgent, setAgentState } from '../agents.js';
import type { MethodHandler } from '../context.js';
import { Refusal, success } from '../replies.js';
import { sql } from '../store.js';

const DAY_MS = 86_400_000;

export const saveDisposition: MethodHandler = (request, { db, now, apikey, process }) => {
  const agent = findAgent(db, apikey, request['login']);
  if (!agent) throw new Refusal(DISPOSITION_LOGIN_NOT_FOUND);
  if (agent.state !== AgentStates.Wrapup) throw new Refusal(NOT_IN_WRAPUP);
  if (request['reqdatetime'] !== undefined && !isJodoDateTime(request['reqdatetime'])) throw new Refusal(WRONG_DATE_FORMAT);

  const callback = (request['selecteddatetime'] as string | undefined) || null;
  if (callback) {
    const at = parseJodoDateTime(callback)!.getTime();
    // The window is whole seconds from now: a callback "now" (as the clock reads it) is in.
    const from = Math.floor(now.getTime() / 1000) * 1000;
    if (at < from || at > from + process!.callback_window_days * DAY_MS) throw new Refusal(DATE_OUT_OF_RANGE);
  }

  const masterId = Number(request['dispomasterid']);
  const reasonId = Number(request['disporeasonid']);
  const reason = sql(db, 'SELECT 1 FROM dispo_reasons WHERE process_id = ? AND id = ? AND master_id = ?')
    .get(process!.id, reasonId, masterId);
  if (!reason) throw new Refusal(REASON_NOT_FOUND);

  const contact = String(request['contactvalue']).trim();
  if (sql(db, 'SELECT 1 FROM dnc WHERE process_id = ? AND number = ?').get(process!.id, contact)) throw new Refusal(CONTACT_IN_DNC);
  if (callback) {
    const { count } = sql(db, 'SELECT COUNT(*) AS count FROM dispositions WHERE process_id = ? AND contactvalue = ? AND selecteddatetime IS NOT NULL')
      .get(process!.id, contact) as { count: number };
    if (count >= process!.max_callbacks) throw new Refusal(TOO_MANY_CALLBACKS);
  }

  const systemcallid = request['systemcallid'];
  sql(db, 
    `INSERT INTO dispositions (process_id, login, master_id, reason_id, remarks, selecteddatetime, contactvalue, media, systemcallid, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    process!.id,
    agent.login,
    masterId,
    reasonId,
    (request['remarks'] as string | undefined) ?? '',
    callback,
    contact,
    request['media'] === undefined ? null : mediaId(request['media']),
    systemcallid === undefined ? null : String(systemcallid).trim(),
    formatJodoDateTime(now),
  );
  setAgentState(db, agent.login, AgentStates.Ready, now.getTime());
  return success('saveDisposition', now);
};
