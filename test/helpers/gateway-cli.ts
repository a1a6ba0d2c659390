/**
 * `npm run gateway -- …` as a child process for a Node test or a benchmark:
 * resolves once it listens, and can be stopped as an operator would (SIGTERM)
 * or killed as a crash would (SIGKILL).
 */
import { startCliProcess } from './cli-process.js';

/** The variables the CLI reads: unset here unless a test gives them, so the machine's own cannot leak in. */
const CLEARED_ENV = {
  JODO_APIKEY: '',
  JODO_GATEWAY_SECRET: '',
  JODO_REDIS_URL: '',
  JODO_METRICS_PORT: '',
  JODO_LOG_LEVEL: '',
  JODO_JWT_JWKS_URL: '',
  JODO_JWT_PUBLIC_KEY_FILE: '',
};

export interface RunningGatewayCli {
  /** `http://127.0.0.1:PORT/jodo` */
  base: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  pid: number;
  stderr: () => string;
  /** What it wrote to stdout (its JSON log lines: flushed within a second, and all of them once it stopped). */
  stdout: () => string;
  /** SIGTERM: it finishes what is in flight and exits; its exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: it dies at once, mid-request, as a crashed replica or a killed pod does. */
  kill(): Promise<void>;
  /** SIGSTOP, then SIGCONT: it stalls as a replica in a long pause (GC, a starved VM) does, then goes on. */
  stall(): void;
  resume(): void;
}

/** The CLI with `--port 0` and in-memory stores unless `args` say otherwise; rejects (with `code` and `stderr`) if it exits first. */
export async function startGatewayCli(args: string[], env: Record<string, string> = {}): Promise<RunningGatewayCli> {
  const cli = await startCliProcess('src/server/cli/gateway.ts', ['--port', '0', '--store', ':memory:', '--db', ':memory:', ...args], { ...process.env, ...CLEARED_ENV, ...env });
  return {
    base: cli.url,
    origin: new URL(cli.url).origin,
    pid: cli.child.pid!,
    stderr: cli.stderr,
    stdout: cli.stdout,
    stop: () => (cli.child.kill('SIGTERM'), cli.exited),
    kill: async () => {
      cli.child.kill('SIGKILL');
      await cli.exited;
    },
    stall: () => void cli.child.kill('SIGSTOP'),
    resume: () => void cli.child.kill('SIGCONT'),
  };
}
