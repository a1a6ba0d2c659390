/**
 * What a load balancer and an orchestrator ask: `GET <base>/healthz` (the
 * process answers) and `GET <base>/readyz` (it can serve: its store and Jodo
 * answer, and it is not shutting down), 503 naming what does not. They carry
 * nothing of anyone's, so they answer whatever host name a probe uses (a
 * probe comes by the pod's address, not the public origin). Readiness is
 * worked out at most once a second, however often it is asked: readyz cannot
 * be used to flood Jodo or the store.
 */
import type { Hono } from 'hono';
import { jsonAnswer } from './answers.js';
import type { GatewayEnv } from './gateway-env.js';
import type { GatewayState } from './state/state.js';

const CHECK_EVERY_MS = 1000;
/** A check that takes longer says "unreachable": a probe waits no longer, and a hung Jodo holds one connection, not many. */
const CHECK_TIMEOUT_MS = 2000;

export interface HealthOptions {
  basePath: string;
  state: GatewayState;
  /** Whether Jodo answers with its JSON. */
  jodoAnswers: () => Promise<boolean>;
  draining: () => boolean;
}

interface Readiness {
  store: 'ok' | 'unreachable';
  jodo: 'ok' | 'unreachable';
}

export const healthPaths = (basePath: string) => [`${basePath}/healthz`, `${basePath}/readyz`];

export function healthRoutes(app: Hono<GatewayEnv>, { basePath, state, jodoAnswers, draining }: HealthOptions): void {
  let last: { at: number; readiness: Promise<Readiness>; settled: boolean } | undefined;
  const within = (check: Promise<boolean>) =>
    Promise.race([check, new Promise<boolean>((resolve) => setTimeout(resolve, CHECK_TIMEOUT_MS, false).unref())]).catch(() => false);
  const readiness = () => {
    const at = performance.now();
    // A check still running is waited for, never doubled: however often readyz is asked, one question at a time.
    if (!last || (last.settled && at - last.at >= CHECK_EVERY_MS)) {
      const check = { at, settled: false } as { at: number; readiness: Promise<Readiness>; settled: boolean };
      check.readiness = Promise.all([within(state.ping().then(() => true)), within(jodoAnswers())]).then(([store, jodo]) => {
        check.settled = true;
        return { store: store ? 'ok' : 'unreachable', jodo: jodo ? 'ok' : 'unreachable' };
      });
      last = check;
    }
    return last.readiness;
  };

  app.get(`${basePath}/healthz`, () => jsonAnswer('{"ok":true}'));
  app.get(`${basePath}/readyz`, async () => {
    const { store, jodo } = await readiness();
    const shuttingDown = draining();
    const ok = store === 'ok' && jodo === 'ok' && !shuttingDown;
    return jsonAnswer(JSON.stringify({ ok, store, jodo, ...(shuttingDown ? { draining: true } : {}) }), ok ? 200 : 503);
  });
}
