/** userStatus: the live state of any number of agents, in one answer. */
import { ENTRY_SUCCESS_CODE } from '../../../api/codes.js';
import { describeStatus } from '../../../api/method-status.js';
import { LOGIN_NOT_EXISTS } from '../../../api/status-codes.js';
import { formatJodoDateTime } from '../../../api/rules.js';
import { findAgent, formatStatusChangeTime, stateLabel } from '../agents.js';
import type { MethodHandler } from '../context.js';
import { success } from '../replies.js';

export const userStatus: MethodHandler = (request, { db, now, apikey }) => {
  const statusdata = (request['loginids'] as unknown[]).map((entry) => {
    // A blank or non-text entry is an unknown login, not a broken request.
    const login = typeof entry === 'string' ? entry : typeof entry === 'number' ? String(entry) : '';
    const agent = findAgent(db, apikey, login);
    if (!agent) return { login, statusdesc: describeStatus('userStatus', LOGIN_NOT_EXISTS), status: LOGIN_NOT_EXISTS };
    return {
      duration: Math.max(0, Math.floor((now.getTime() - agent.state_since) / 1000)),
      currentstatus: agent.state,
      currentstatusdesc: stateLabel(agent.state),
      statuschangetime: formatStatusChangeTime(agent.state_since),
      login,
      statusdesc: 'Success',
      status: ENTRY_SUCCESS_CODE,
    };
  });
  return success('userStatus', now, { statusdata, timestamp: formatJodoDateTime(now) });
};
