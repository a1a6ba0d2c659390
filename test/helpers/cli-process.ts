/**
 * One of the project's CLIs (`src/server/cli/*.ts`) as a child process, up
 * once it prints `listening on http://…`. Whatever is still running when the
 * test process exits is killed with it, so a failing test leaves no server
 * behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** Start-up may wait 5 s for Redis (the gateway) before it listens; beyond this something is wrong. */
const START_TIMEOUT_MS = 30_000;

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface CliProcess {
  /** The URL it says it listens on. */
  url: string;
  child: ChildProcess;
  /** Resolves with its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
}

/** `node --import tsx <script> …args`; rejects with its stderr and exit code (`code`, `stderr`) if it exits before it listens. */
export async function startCliProcess(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => (running.delete(child), resolve(code))));
  let output = '';
  let errors = '';
  child.stderr!.on('data', (d) => (errors += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`${script} did not listen within ${START_TIMEOUT_MS} ms: ${errors}`))), START_TIMEOUT_MS);
    child.stdout!.on('data', (d) => {
      output += d;
      const m = /listening on (http:\/\/[^\s"]+)/.exec(output);
      if (m) (clearTimeout(timer), resolve(m[1]!));
    });
    void exited.then((code) => (clearTimeout(timer), reject(Object.assign(new Error(`${script} exited with ${code}: ${errors}`), { code, stderr: errors }))));
  });
  return { url, child, exited, stdout: () => output, stderr: () => errors };
}
