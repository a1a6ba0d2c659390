/** Starts the real sandbox on an ephemeral port for a Node test, over real HTTP. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/server/sandbox/sandbox.js';
import { JODO_PATH } from '../../src/server/sandbox/endpoint.js';

export interface RunningSandbox {
  sandbox: Sandbox;
  server: Server;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The Jodo endpoint URL. */
  endpoint: string;
  /** Lines the sandbox logged (there should be none for any request). */
  logs: string[];
  /** POST JSON to a control route. */
  control(path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const logs: string[] = [];
  const sandbox = createSandbox({ dialer: false, tickMs: 0, log: (line) => logs.push(line), ...options });
  const server = createServer((req, res) => void sandbox.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    sandbox,
    server,
    origin,
    endpoint: origin + JODO_PATH,
    logs,
    control: (path, body = {}) =>
      fetch(origin + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      sandbox.close();
    },
  };
}

/** Sends `data=<JSON>` the way the document's curl example does and returns the parsed answer. */
export async function postJodo(endpoint: string, request: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ data: typeof request === 'string' ? request : JSON.stringify(request) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
