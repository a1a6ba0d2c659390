/**
 * A gateway with the demo sign-in and fast event streams under /push/ in the
 * browser tests' server (test/status/status-stream.browser.test.ts): the
 * sandbox behind it on a private socket, as `npm run gateway` runs it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEMO_USERS } from '../../src/server/gateway/demo-users.js';
import { createGateway } from '../../src/server/gateway/gateway.js';
import { listenPrivately } from '../../src/server/sandbox/private-listener.js';
import type { Sandbox } from '../../src/server/sandbox/sandbox.js';
import { silentLogger } from './log-lines.js';

/** The poller's interval in the tests: a change reaches the page within a few hundred ms. */
export const PUSH_INTERVAL_MS = 300;
/**
 * How long it polls a login after its last stream closed: short, as the sandbox is shared with every later
 * test file (status-stream.browser.test.ts waits this long after its last test).
 */
export const PUSH_LINGER_MS = 600;

export function pushTestServer(sandbox: Sandbox) {
  const upstream = listenPrivately((req, res) => void sandbox.handle(req, res));
  const gateway = createGateway({
    upstream: upstream.url,
    upstreamSocketPath: upstream.socketPath,
    apikey: 'test_org',
    basePath: '/push/jodo',
    users: DEMO_USERS,
    logger: silentLogger(),
    rateLimit: { limit: 10_000, windowMs: 60_000 },
    events: { intervalMs: PUSH_INTERVAL_MS, lingerMs: PUSH_LINGER_MS, limits: { heartbeatMs: 500 } },
  });
  return {
    owns: (url: string) => url.startsWith('/push/'),
    handle: (req: IncomingMessage, res: ServerResponse) => gateway.handle(req, res),
    close(): void {
      void gateway.close();
      upstream.close();
    },
  };
}
