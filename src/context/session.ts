/** What `<jodo-provider>` shares with every element below it by @lit/context: the client, the agent and team, the process, the call, the status hub, the outbox, the request log and the dial policy. */
import { createContext } from '@lit/context';
import type { JodoApi } from '../api/client.js';
import type { OutboxApi } from '../outbox/lazy-outbox.js';
import type { DialPolicy } from '../phone/dial-policy.js';
import type { RequestLog } from '../requests/request-log.js';
import type { StatusHub } from '../status/status-hub.js';

/** The call the agent is on (or last had): what the host page tells the toolbar. */
export interface JodoCall {
  mobilenumber?: string;
  customercode?: string;
  crmuniquefield?: string;
  systemcallid?: string;
  /** Jodo's session id of the call, when the dialer gives one (customer_recording's `sessionid`). */
  sessionid?: string;
}

/**
 * What `<jodo-provider>` shares with every element below it. A new object on
 * every change, so consumers that subscribe re-render.
 */
export interface JodoSession {
  /** The one client of this toolbar; absent until an endpoint or a client is set. */
  client?: JodoApi;
  /** The signed-in agent's Jodo login. */
  login: string;
  /** The agents a supervisor looks after, as the gateway's session says (empty for an agent, or without a gateway). */
  team: readonly string[];
  /** The process (servicekey) calls are made in. */
  servicekey: string;
  /** How often agent states are polled, in ms. */
  pollIntervalMs: number;
  /** The one poller of agent states: every element subscribes here instead of polling. */
  status: StatusHub;
  /** Where writes wait until Jodo has them: elements send wrap-ups and customer saves through it. */
  outbox: OutboxApi;
  call: JodoCall;
  /**
   * The provider's record of its requests and of Jodo's clock: every time written for Jodo from
   * "now" goes through it (`jodoNow`, `toJodoTime` in `src/requests/request-log.ts`). Absent with a
   * page's own client, whose requests the provider does not see.
   */
  requests?: RequestLog;
  /** The page's dial policy (the provider's `trunk`, `domestic-prefix`, `country-code`): what an element does not set itself. */
  dialPolicy?: Partial<DialPolicy>;
}

export const jodoSessionContext = createContext<JodoSession | undefined>(Symbol.for('jodo.session'));
