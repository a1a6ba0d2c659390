/**
 * A real `redis-server` (Debian's, which `npm test` installs) for one test
 * file, or for `npm run bench:load`: on a free loopback port, nothing written
 * to disk, its folder removed when it stops. It can be killed and started
 * again on the same port, as an outage would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

export { freePort };

export interface RunningRedis {
  url: string;
  port: number;
  /** The server's process id while it runs (for its CPU time), undefined once killed. */
  readonly pid: number | undefined;
  /** Its working folder (empty: nothing is persisted), removed by `stop`. */
  dir: string;
  /** Kills the server at once (SIGKILL): what the gateway sees when Redis dies. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing was persisted). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** For a process's `exit` handler, which cannot wait: kills the server and removes its folder at once. */
  stopNow(): void;
}

/** Whether something on `port` answers Redis's PING. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500, () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
    socket.once('data', (data) => (socket.destroy(), resolve(data.toString().startsWith('+PONG'))));
    socket.write('PING\r\n');
  });
}

async function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'], {
    stdio: 'ignore',
  });
  let failure: Error | undefined;
  child.once('error', (error) => (failure = new Error(`redis-server could not start (${error.message}): npm test installs it, or run apt-get install -y redis-server`)));
  child.once('exit', (code) => (failure ??= new Error(`redis-server exited with ${code}`)));
  for (const started = Date.now(); !(await answersPing(port)); ) {
    if (failure) throw failure;
    if (Date.now() - started > 10_000) throw new Error('redis-server did not answer within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return child;
}

const exited = (child: ChildProcess) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve())));

export async function startRedis(): Promise<RunningRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'jodo-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  try {
    child = await launch(port, dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const kill = async () => {
    if (!child) return;
    const dying = child;
    child = undefined;
    dying.kill('SIGKILL');
    await exited(dying);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    get pid() {
      return child?.pid;
    },
    kill,
    async restart() {
      await kill();
      child = await launch(port, dir);
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
    stopNow() {
      child?.kill('SIGKILL');
      child = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
