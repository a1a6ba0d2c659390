/**
 * Agent states 1-11 in the agent's language, keyed by the codes of
 * `AGENT_STATES` (src/api/codes.ts, the one table of codes): a state added
 * there without a label here fails the typecheck.
 */
import { msg } from '@lit/localize';
import type { AgentState } from '../api/codes.js';

const LABELS = {
  1: () => msg('Ready', { desc: 'Agent state 1: waiting for a call' }),
  2: () => msg('Manual Call', { desc: 'Agent state 2: dialling a number by hand' }),
  3: () => msg('Preview Call', { desc: 'Agent state 3: previewing a record before the call' }),
  4: () => msg('ACD', { desc: 'Agent state 4: an inbound call routed by the ACD (automatic call distributor)' }),
  5: () => msg('Talking', { desc: 'Agent state 5: on a call' }),
  6: () => msg('Hold', { desc: 'Agent state 6: the caller is on hold' }),
  7: () => msg('Wrapup', { desc: 'Agent state 7: after-call work, the disposition' }),
  8: () => msg('Dialling', { desc: 'Agent state 8: the dialler is calling the customer' }),
  9: () => msg('Live Stream', { desc: 'Agent state 9' }),
  10: () => msg('Transfer', { desc: 'Agent state 10: transferring the call' }),
  11: () => msg('System Sent NA', { desc: 'Agent state 11: the system marked the agent Not Available' }),
} satisfies Record<AgentState, () => string>;

/** The state's name in the active language. */
export function agentStateLabel(state: AgentState): string {
  return LABELS[state]();
}
