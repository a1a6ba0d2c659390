/** addEditUser and deleteUser: Jodo users of the organisation, addressed by e-mail login. */
import { AgentStates } from '../../../api/codes.js';
import { FAIL, LOGIN_NOT_EXISTS } from '../../../api/status-codes.js';
import { findAgent, findAgentAnywhere } from '../agents.js';
import type { MethodHandler } from '../context.js';
import { Refusal, success } from '../replies.js';
import { sql } from '../store.js';

/** Fields addEditUser keeps in their own columns, or never keeps (the request's envelope, the passwords). */
const NOT_PROFILE = new Set(['method', 'apikey', 'action', 'reqdatetime', 'username', 'loginid', 'usertype', 'newpassword', 'confirmpassword']);

function profileOf(request: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(request).filter(([key]) => !NOT_PROFILE.has(key)));
}

export const addEditUser: MethodHandler = (request, { db, now, apikey }) => {
  const action = String(request['action']).trim().toLowerCase();
  const loginid = (request['loginid'] as string).trim();
  const username = (request['username'] as string).trim();
  const usertype = (request['usertype'] as string).trim();
  const password = typeof request['newpassword'] === 'string' ? request['newpassword'].toLowerCase() : null;

  if (action === 'add' || action === '1') {
    if (findAgentAnywhere(db, loginid)) throw new Refusal(FAIL, 'loginid already exists');
    const { next } = sql(db, 'SELECT COALESCE(MAX(userid), 100) + 1 AS next FROM agents').get() as { next: number };
    sql(db, 
      `INSERT INTO agents (login, apikey, userid, username, usertype, password_md5, profile, state, state_since)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(loginid, apikey, next, username, usertype, password, JSON.stringify(profileOf(request)), AgentStates.Ready, now.getTime());
    return success('addEditUser', now, { userid: next });
  }

  const agent = findAgent(db, apikey, loginid);
  if (!agent) throw new Refusal(LOGIN_NOT_EXISTS);
  const profile = { ...JSON.parse(agent.profile), ...profileOf(request) };
  sql(db, 'UPDATE agents SET username = ?, usertype = ?, password_md5 = COALESCE(?, password_md5), profile = ? WHERE login = ?').run(
    username,
    usertype,
    password,
    JSON.stringify(profile),
    agent.login,
  );
  return success('addEditUser', now, { userid: agent.userid });
};

export const deleteUser: MethodHandler = (request, { db, now, apikey }) => {
  const agent = findAgent(db, apikey, request['loginid']);
  if (!agent) throw new Refusal(LOGIN_NOT_EXISTS);
  sql(db, 'DELETE FROM agents WHERE login = ?').run(agent.login);
  return success('deleteUser', now);
};
