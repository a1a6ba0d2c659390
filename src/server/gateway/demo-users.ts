import type { Identity } from './identity.js';

const PROCESSES = ['VoiceProcess', 'VoiceInOut'];

/**
 * The sandbox fixture's agents as gateway users, for the demo sign-in page:
 * four agents, a supervisor with a team, an administrator.
 */
export const DEMO_USERS: Identity[] = [
  { login: 'dinesh.s@avhan.com', role: 'agent', servicekeys: PROCESSES, team: [] },
  { login: 'rupesh.v@avhan.com', role: 'agent', servicekeys: PROCESSES, team: [] },
  { login: 'tanmay.k', role: 'agent', servicekeys: PROCESSES, team: [] },
  { login: 'user1', role: 'agent', servicekeys: PROCESSES, team: [] },
  { login: 'user10', role: 'supervisor', servicekeys: PROCESSES, team: ['user1', 'tanmay.k'] },
  { login: 'test@avhan.com', role: 'admin', servicekeys: PROCESSES, team: [] },
];
