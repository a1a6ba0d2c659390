/** reallocatedata: gives a contact's data (getProcessData answers the agent as its userlogin), and its scheduled call, to another agent. */
import { CONTACT_NOT_FOUND, REALLOCATE_LOGIN_NOT_FOUND } from '../../../api/status-codes.js';
import { findAgent } from '../agents.js';
import type { MethodHandler } from '../context.js';
import { isDiallable } from '../dialer.js';
import { Refusal, success } from '../replies.js';
import { sql } from '../store.js';

export const reallocateData: MethodHandler = (request, { db, now, apikey, process }) => {
  const contact = String(request['contactnumber']).trim();
  const code = request['customercode'];
  // The document's sample sends `"customercode":0` for "no customer code".
  const byCustomer = code !== undefined && code !== null && String(code).trim() !== '' && String(code).trim() !== '0';
  type Row = { id: number; media: number | null; mobilenumber: string | null };
  const rows = (
    byCustomer
      ? sql(db, 'SELECT id, media, mobilenumber FROM records WHERE process_id = ? AND mobilenumber = ? AND customercode = ?').all(process!.id, contact, String(code).trim())
      : sql(db, 'SELECT id, media, mobilenumber FROM records WHERE process_id = ? AND mobilenumber = ?').all(process!.id, contact)
  ) as Row[];
  if (rows.length === 0) throw new Refusal(CONTACT_NOT_FOUND);
  const agent = findAgent(db, apikey, request['login']);
  if (!agent) throw new Refusal(REALLOCATE_LOGIN_NOT_FOUND);

  // The record moves to the agent; a voice record with a call time is also scheduled for them.
  const when = request['calldatetime'] as string | undefined;
  const move = sql(db, 'UPDATE records SET dial_login = ? WHERE id = ?');
  const schedule = sql(db, "UPDATE records SET dial_login = ?, dial_status = 'queued', dial_at = ?, dial_priority = COALESCE(dial_priority, 1) WHERE id = ?");
  for (const row of rows) {
    if (when && isDiallable(row.media, row.mobilenumber)) schedule.run(agent.login, when, row.id);
    else move.run(agent.login, row.id);
  }
  return success('reallocatedata', now);
};
