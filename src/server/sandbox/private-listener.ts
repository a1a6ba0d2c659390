/**
 * The in-process sandbox as the gateway's upstream, on a Unix socket in a
 * folder only this user can enter: reachable by the gateway, never by a page
 * in a browser (no TCP port to fetch, rebind or post a form to).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JODO_PATH } from './endpoint.js';

export interface PrivateListener {
  /** The socket the gateway calls through (`upstreamSocketPath`). */
  readonly socketPath: string;
  /** The upstream URL to give the gateway: its host is never dialled, only its path is sent over the socket. */
  readonly url: string;
  close(): void;
}

export function listenPrivately(handle: (req: IncomingMessage, res: ServerResponse) => void): PrivateListener {
  const folder = mkdtempSync(join(tmpdir(), 'jodo-sandbox-')); // created 0700
  const socketPath = join(folder, 'sandbox.sock');
  const server = createServer(handle).listen(socketPath);
  return {
    socketPath,
    url: `http://sandbox.invalid${JODO_PATH}`,
    close() {
      server.closeAllConnections();
      server.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
