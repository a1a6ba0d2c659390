/**
 * What the gateway says of its store: every failed command counted in the
 * metrics, and logged at most once every few seconds with how many more
 * there were (an outage fails every request: one line each would bury the
 * log); the connection lost and back, once each. A failure is told by its
 * kind and message only, never its command: ioredis keeps a command's
 * arguments on the error, and they hold sessions and kept answers.
 */
import type { Logger } from 'pino';
import type { GatewayMetrics } from './metrics.js';
import type { StoreEvents } from './state/state.js';

const LOG_EVERY_MS = 5000;
const MESSAGE_CHARS = 120;

export function storeEventsLog(logger: Logger, metrics: GatewayMetrics): StoreEvents {
  let loggedAt = -Infinity;
  let unlogged = 0;
  return {
    onError(error) {
      metrics.storeErrors.inc();
      const at = performance.now();
      if (at - loggedAt < LOG_EVERY_MS) return void unlogged++;
      const kind = error instanceof Error ? error.name : 'error';
      const message = error instanceof Error ? error.message.slice(0, MESSAGE_CHARS) : '';
      logger.warn({ err: kind, reason: message, ...(unlogged ? { moreSinceLastLine: unlogged } : {}) }, "gateway: the gateway's store failed");
      loggedAt = at;
      unlogged = 0;
    },
    onConnection(state) {
      if (state === 'lost') logger.warn("gateway: the connection to the gateway's store was lost; writes are refused (503) until it is back");
      else logger.info("gateway: the gateway's store is connected");
    },
  };
}
