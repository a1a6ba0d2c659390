/** The demo users (agents, a supervisor, an admin) and the processes each may use: the gateway's sign-in page offers them against the sandbox, or with --demo-sign-in. */
import type { Identity } from './identity.js';

const PROCESSES = ['VoiceProcess', 'VoiceInOut'];
/** Messenger processes call customers with a spoken message and no agent: sending reminders is for a supervisor or an administrator. */
const MESSENGER_PROCESSES = ['Reminders'];

/**
 * The sandbox fixture's agents as gateway users, for the demo sign-in page:
 * four agents, a supervisor with a team, an administrator. Agents are not
 * given the messenger process, so the gateway refuses them its writes.
 */
export const DEMO_USERS: Identity[] = [
  { login: 'dinesh.s@avhan.com', role: 'agent', servicekeys: PROCESSES, team: [] },
  { login: 'rupesh.v@avhan.com', role: 'agent', servicekeys: PROCESSES, team: [] },
  { login: 'tanmay.k', role: 'agent', servicekeys: PROCESSES, team: [] },
  { login: 'user1', role: 'agent', servicekeys: PROCESSES, team: [] },
  { login: 'user10', role: 'supervisor', servicekeys: [...PROCESSES, ...MESSENGER_PROCESSES], team: ['user1', 'tanmay.k'] },
  { login: 'test@avhan.com', role: 'admin', servicekeys: [...PROCESSES, ...MESSENGER_PROCESSES], team: [] },
];
