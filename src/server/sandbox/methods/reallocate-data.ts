/** reallocatedata: gives a contact's data, and its scheduled call, to another agent. */
import { findAgent } from '../agents.js';
import type { MethodHandler } from '../context.js';
import { Refusal, success } from '../replies.js';

export const reallocateData: MethodHandler = (request, { db, now, apikey, process }) => {
  const contact = String(request['contactnumber']).trim();
  const code = request['customercode'];
  // The document's sample sends `"customercode":0` for "no customer code".
  const byCustomer = code !== undefined && code !== null && String(code).trim() !== '' && String(code).trim() !== '0';
  const ids = (
    byCustomer
      ? db.prepare('SELECT id FROM records WHERE process_id = ? AND mobilenumber = ? AND customercode = ?').all(process!.id, contact, String(code).trim())
      : db.prepare('SELECT id FROM records WHERE process_id = ? AND mobilenumber = ?').all(process!.id, contact)
  ) as { id: number }[];
  if (ids.length === 0) throw new Refusal(70);
  const agent = findAgent(db, apikey, request['login']);
  if (!agent) throw new Refusal(72);

  const when = request['calldatetime'] as string | undefined;
  const move = when
    ? db.prepare("UPDATE records SET dial_login = ?, dial_status = 'queued', dial_at = ?, dial_priority = COALESCE(dial_priority, 1) WHERE id = ?")
    : db.prepare('UPDATE records SET dial_login = ? WHERE id = ?');
  for (const { id } of ids) {
    if (when) move.run(agent.login, when, id);
    else move.run(agent.login, id);
  }
  return success('reallocatedata', now);
};
