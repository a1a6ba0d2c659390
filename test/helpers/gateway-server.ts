/** Starts the gateway in front of a sandbox for a Node test, over real HTTP, and signs users in as a browser would. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { JodoClient } from '../../src/api/index.js';
import { DEMO_USERS } from '../../src/server/gateway/demo-users.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server/gateway/gateway.js';
import { linesLogger } from './log-lines.js';
import { startSandbox, type RunningSandbox } from './sandbox-server.js';

export const KEY = 'test_org';

export interface RunningGateway {
  gateway: Gateway;
  origin: string;
  endpoint: string;
  logs: string[];
  close(): Promise<void>;
}

export async function startGateway(options: Partial<GatewayOptions> & { upstream: string }): Promise<RunningGateway> {
  const logs: string[] = [];
  const gateway = createGateway({ apikey: KEY, users: DEMO_USERS, logger: linesLogger(logs), ...options });
  const server: Server = createServer((req, res) => void gateway.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    gateway,
    origin,
    endpoint: `${origin}/jodo`,
    logs,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.close();
    },
  };
}

/** Starts a sandbox and a gateway in front of it for a describe block, and stops both after it. */
export function withSandboxAndGateway(use: (running: { sandbox: RunningSandbox; gateway: RunningGateway }) => void): void {
  let running: { sandbox: RunningSandbox; gateway: RunningGateway } | undefined;
  before(async () => {
    const sandbox = await startSandbox();
    running = { sandbox, gateway: await startGateway({ upstream: sandbox.endpoint }) };
    use(running);
  });
  after(async () => {
    await running?.gateway.close();
    await running?.sandbox.close();
  });
}

export async function signIn(gateway: RunningGateway, login: string): Promise<string> {
  const response = await fetch(`${gateway.origin}/jodo/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login }),
    redirect: 'manual',
  });
  assert.equal(response.status, 303);
  const cookie = response.headers.get('set-cookie') ?? '';
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  return cookie.split(';')[0]!;
}

/** A client as the browser uses it behind the gateway: no apikey, the session cookie. */
export const clientFor = (gateway: RunningGateway, cookie?: string) =>
  new JodoClient({ endpoint: gateway.endpoint, servicekey: 'VoiceProcess', retries: 0, ...(cookie ? { headers: { cookie } } : {}) });

let writes = 0;
/** A fresh Idempotency-Key, as the client makes one per write. */
export const freshKey = () => `test-write-${process.pid}-${++writes}`;

export async function rawPost(gateway: RunningGateway, cookie: string, request: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(gateway.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'idempotency-key': freshKey(), ...headers },
    body: new URLSearchParams({ data: JSON.stringify(request) }),
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

