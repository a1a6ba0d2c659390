/**
 * `npm run sandbox -- --port 0 --db FILE --no-dialer` as a child process: a
 * Jodo of its own for gateways in other processes (replicas), with its
 * control API (faults, stats) over HTTP and its store in a file a test can
 * read.
 */
import { JODO_PATH } from '../../src/server/sandbox/endpoint.js';
import { startCliProcess } from './cli-process.js';

export interface RunningSandboxCli {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** Its Jodo endpoint, for a gateway's `--upstream`. */
  endpoint: string;
  /** POST JSON to a control route (`/sandbox/faults`, `/sandbox/reset`). */
  control(path: string, body?: unknown): Promise<Response>;
  /** Requests its Jodo endpoint answered, per method, since it started or was reset (`/sandbox/stats`). */
  requests(): Promise<Record<string, number>>;
  /** SIGTERM: it closes its store and exits; its exit code. */
  stop(): Promise<number | null>;
}

/** The sandbox CLI on a free port with its store in `db`, its dialer paused (agents stay as the fixture has them); `extra` flags after those. */
export async function startSandboxCli(db: string, extra: string[] = []): Promise<RunningSandboxCli> {
  const cli = await startCliProcess('src/server/cli/sandbox.ts', ['--port', '0', '--db', db, '--no-dialer', ...extra]);
  return {
    origin: cli.url,
    endpoint: cli.url + JODO_PATH,
    control: (path, body = {}) => fetch(cli.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    requests: async () => ((await (await fetch(`${cli.url}/sandbox/stats`)).json()) as { requests: Record<string, number> }).requests,
    stop: () => (cli.child.kill('SIGTERM'), cli.exited),
  };
}
