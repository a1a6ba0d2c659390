/**
 * The gateway as it was before a change, to measure beside today's in the
 * same run: its source is taken from git at a given commit into the bench's
 * work folder (inside the project, so it loads the same node_modules) and its
 * CLI launched like today's. Its sessions were signed cookies, minted here
 * with its own code and secret.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APIKEY, ROOT, SERVICEKEY, launch, loginOf, type Server, type Target } from './servers.js';

export interface BaselineGateway {
  commit: string;
  server: Server;
  target: Target;
}

/** The pre-Hono gateway (signed-cookie sessions, hand-written routing): the last landed commit before issue 15. */
export const BASELINE_COMMIT = '789ca2b';

/** Launches the gateway of `commit` in front of `sandboxUrl`; undefined (with the reason logged) when git cannot give it. */
export async function launchBaselineGateway(sandboxUrl: URL, work: string, log: (line: string) => void, commit = BASELINE_COMMIT): Promise<BaselineGateway | undefined> {
  const folder = join(work, `baseline-${commit}`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  try {
    const archive = execFileSync('git', ['archive', commit, 'src'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', folder], { input: archive });
  } catch {
    log(`gateway: commit ${commit} is not in this checkout's history: the before/after comparison is left out`);
    return undefined;
  }
  const secret = randomBytes(32).toString('base64url');
  const cli = relative(ROOT, join(folder, 'src/server/cli/gateway.ts'));
  const server = await launch('baseline', cli, ['--port', '0', '--upstream', sandboxUrl.href, '--store', ':memory:'], { JODO_APIKEY: APIKEY, JODO_GATEWAY_SECRET: secret });
  const { issueSession } = (await import(pathToFileURL(join(folder, 'src/server/gateway/session-cookie.ts')).href)) as {
    issueSession: (identity: unknown, secret: string, ttlMs: number) => string;
  };
  const cookies = new Map<number, string>();
  const cookie = (i: number) => {
    if (!cookies.has(i)) cookies.set(i, `jodo_session=${issueSession({ login: loginOf(i), role: 'agent', servicekeys: [SERVICEKEY], team: [] }, secret, 3600_000)}`);
    return cookies.get(i)!;
  };
  return { commit, server, target: { kind: 'baseline', url: new URL(server.url), headers: (i) => ({ cookie: cookie(i) }), fields: { servicekey: SERVICEKEY } } };
}
