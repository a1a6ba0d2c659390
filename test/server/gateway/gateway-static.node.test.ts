// `npm run gateway -- --static DIR` and `startGatewayServer` (issue 21): a built app, the gateway and the sandbox with its control API
// on one origin, the app's every answer under the strict page policy; what is not the app's is never served.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppFolderError, appFiles } from '../../../src/server/gateway/app-files.js';
import { GatewayServerOptionsError, ListenError, startGatewayServer, type GatewayServer, type GatewayServerOptions } from '../../../src/server/gateway/gateway-server.js';
import { pageCsp } from '../../../src/server/http/page-policy.js';
import { startGatewayCli, type RunningGatewayCli } from '../../helpers/gateway-cli.js';

/** A GET of `path` exactly as written (fetch would resolve `..` itself), with `headers`. */
function rawGet(origin: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('npm run gateway -- --static DIR', () => {
  const folder = mkdtempSync(join(tmpdir(), 'jodo-static-'));
  const app = join(folder, 'dist');
  let gateway: RunningGatewayCli;

  before(async () => {
    mkdirSync(join(app, 'assets'), { recursive: true });
    writeFileSync(join(app, 'index.html'), '<!doctype html><title>The app</title><script type="module" src="/assets/app-1a2b.js"></script>');
    writeFileSync(join(app, 'assets', 'app-1a2b.js'), 'document.title = "ran";');
    writeFileSync(join(app, '.env'), 'SECRET=do-not-serve');
    writeFileSync(join(app, 'assets', '.secret'), 'SECRET=nested');
    writeFileSync(join(folder, 'outside.txt'), 'not the app');
    // Links out of the folder, under ordinary names.
    symlinkSync(join(folder, 'outside.txt'), join(app, 'leak.txt'));
    symlinkSync(folder, join(app, 'up'), 'dir');
    gateway = await startGatewayCli(['--static', app, '--trusted-types', 'svelte-trusted-html']);
  });
  after(async () => {
    await gateway?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("serves the app's page and files under the strict page policy with its framework's policy", async () => {
    for (const [path, type, text] of [
      ['/', /^text\/html/, 'The app'],
      ['/assets/app-1a2b.js', /^text\/javascript/, 'document.title'],
    ] as const) {
      const answer = await rawGet(gateway.origin, path);
      assert.equal(answer.status, 200, path);
      assert.match(String(answer.headers['content-type']), type, path);
      assert.ok(answer.body.includes(text), path);
      assert.equal(answer.headers['content-security-policy'], pageCsp(['svelte-trusted-html']), path);
      assert.match(String(answer.headers['content-security-policy']), /trusted-types lit-html svelte-trusted-html/);
      assert.equal(answer.headers['x-content-type-options'], 'nosniff', path);
      assert.equal(answer.headers['referrer-policy'], 'same-origin', path);
      assert.equal(answer.headers['cache-control'], 'no-cache', path);
    }
  });

  it("answers a browser navigating to a client-side route with the app's page, and a missing file with 404", async () => {
    for (const path of ['/customers/42', '/users/jane.doe']) {
      const route = await rawGet(gateway.origin, path, { accept: 'text/html,application/xhtml+xml', 'sec-fetch-mode': 'navigate' });
      assert.equal(route.status, 200, path);
      assert.ok(route.body.includes('The app'), path);
    }
    const missing = await rawGet(gateway.origin, '/assets/missing-9f.js', { accept: '*/*', 'sec-fetch-mode': 'no-cors' });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['content-security-policy'], pageCsp(['svelte-trusted-html']), 'a refusal carries the policy too');
    assert.equal(missing.headers['x-content-type-options'], 'nosniff');
  });

  it('never serves a hidden file or anything outside the folder (links followed), and takes GET and HEAD only', async () => {
    for (const path of ['/.env', '/%2eenv', '/assets/.secret', '/assets/../.env', '/../outside.txt', '/%2e%2e/outside.txt', '/assets/%2e%2e/%2e%2e/outside.txt', '//outside.txt', '/leak.txt', '/up/outside.txt']) {
      const answer = await rawGet(gateway.origin, path);
      assert.equal(answer.status, 404, path);
      assert.ok(!answer.body.includes('SECRET') && !answer.body.includes('not the app'), path);
    }
    const head = await fetch(`${gateway.origin}/assets/app-1a2b.js`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-security-policy'), pageCsp(['svelte-trusted-html']));
    const posted = await fetch(`${gateway.origin}/`, { method: 'POST', body: 'x' });
    assert.equal(posted.status, 405);
    assert.equal(posted.headers.get('allow'), 'GET, HEAD');
    assert.equal(posted.headers.get('content-security-policy'), pageCsp(['svelte-trusted-html']));
  });

  it('answers only for its own host names: a DNS-rebinding page gets neither the app nor the control API', async () => {
    for (const path of ['/', '/sandbox/health', '/jodo/session']) {
      const answer = await rawGet(gateway.origin, path, { host: 'rebound.example' });
      assert.equal(answer.status, 421, path);
      assert.ok(!answer.body.includes('The app') && !answer.body.includes('"ok":true'), path);
    }
  });

  it('keeps the gateway and the sandbox on the same origin: the session, the sign-in page and the control API', async () => {
    assert.equal((await fetch(`${gateway.origin}/jodo/session`)).status, 401, 'the gateway answers its own paths');
    assert.equal((await fetch(`${gateway.origin}/jodo/login`)).status, 200, 'the demo sign-in');
    const health = await fetch(`${gateway.origin}/sandbox/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { ok: true });
  });

  it('refuses to start on a folder that is not a built app, and --trusted-types without --static', async () => {
    await assert.rejects(startGatewayCli(['--static', join(folder, 'nowhere')]), (error: Error & { code?: number; stderr?: string }) => {
      assert.equal(error.code, 2);
      assert.match(String(error.stderr), /--static .*nowhere is not a folder/);
      return true;
    });
    await assert.rejects(startGatewayCli(['--static', folder]), (error: Error & { stderr?: string }) => /has no index\.html/.test(String(error.stderr)));
    await assert.rejects(startGatewayCli(['--trusted-types', 'vue']), (error: Error & { stderr?: string }) => /--trusted-types needs --static/.test(String(error.stderr)));
    await assert.rejects(startGatewayCli(['--static', app, '--trusted-types', "x' 'unsafe-eval"]), (error: Error & { stderr?: string }) => /--trusted-types must name a Trusted Types policy/.test(String(error.stderr)));
    assert.throws(() => appFiles({ root: app, trustedTypes: ['x; script-src *'] }), /is not a Trusted Types policy name/, 'the function checks the names too');
  });

  it("refuses a project's own folder, a store or the key inside the folder, and the gateway at its root", async () => {
    const project = join(folder, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'index.html'), '<!doctype html>');
    writeFileSync(join(project, 'package.json'), '{}');
    await assert.rejects(startGatewayCli(['--static', project]), (error: Error & { stderr?: string }) => /--static .*project is a project's folder/.test(String(error.stderr)));
    await assert.rejects(startGatewayCli(['--static', app, '--store', join(app, 'gateway.db')]), (error: Error & { stderr?: string }) => /--store .*gateway\.db is inside --static/.test(String(error.stderr)));
    await assert.rejects(startGatewayCli(['--static', app, '--base-path', '/']), (error: Error & { stderr?: string }) => /--base-path \/ leaves no path for the app/.test(String(error.stderr)));
  });
});

describe('startGatewayServer: the same server as one call from a script of the CRM developer', () => {
  const folder = mkdtempSync(join(tmpdir(), 'jodo-server-'));
  const app = join(folder, 'dist');
  let server: GatewayServer;

  before(async () => {
    mkdirSync(app);
    writeFileSync(join(app, 'index.html'), '<!doctype html><title>The app</title>');
    server = await startGatewayServer({ app, trustedTypes: ['vue'], port: 0, sandbox: { dialer: false } });
  });
  after(async () => {
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves the app under the page policy, the gateway, the demo sign-in and the in-process sandbox on one origin', async () => {
    assert.equal(server.origin, `http://127.0.0.1:${server.port}`);
    assert.ok(server.demoSignIn, 'without an upstream or an authenticate, the demo sign-in');
    const page = await fetch(`${server.origin}/customers/42`, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /The app/);
    assert.equal(page.headers.get('content-security-policy'), pageCsp(['vue']));
    assert.equal((await fetch(`${server.origin}/jodo/session`)).status, 401);
    // Signing in as a sandbox user through the sign-in page's form, then asking Jodo (the sandbox) through the gateway.
    const signIn = await fetch(`${server.origin}/jodo/session`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.origin, 'sec-fetch-site': 'same-origin' },
      body: 'login=user1&return=%2F',
    });
    assert.equal(signIn.status, 303);
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const session = await fetch(`${server.origin}/jodo/session`, { headers: { cookie } });
    assert.equal(((await session.json()) as { login: string }).login, 'user1');
    await fetch(`${server.origin}/sandbox/agents/state`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'user1', currentstatus: 7 }) });
    const status = await fetch(`${server.origin}/jodo`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'userStatus', servicekey: 'VoiceProcess', loginids: ['user1'] }),
    });
    assert.match(await status.text(), /"currentstatus":"?7/);
    assert.equal((server.sandbox!.db.prepare('SELECT COUNT(*) AS n FROM dispositions').get() as { n: number }).n, 0, 'the sandbox is there to read');
    const rebound = await rawGet(server.origin, '/sandbox/health', { host: 'rebound.example' });
    assert.equal(rebound.status, 421, 'the control API answers only for its own host names');
  });

  it('rejects bad options with every problem named, a folder it will not serve, and a port in use, leaving nothing open', async () => {
    const refused = async (options: GatewayServerOptions, ...problems: RegExp[]) =>
      assert.rejects(startGatewayServer({ port: 0, ...options }), (error: Error) => {
        assert.ok(error instanceof GatewayServerOptionsError, String(error));
        for (const problem of problems) assert.ok(error.problems.some((line) => problem.test(line)), `${problem} in ${error.problems.join(' | ')}`);
        assert.equal(error.problems.length, problems.length, error.problems.join(' | '));
        return true;
      });
    await refused({ upstream: 'https://jodo.example/x' }, /apikey is missing/);
    // An upstream variable left empty must not turn into the sandbox with its password-less control API.
    await refused({ upstream: '', apikey: 'org-key' }, /upstream \(empty\) is not an http or https URL/, /apikey without upstream/);
    await refused({ upstream: 'https://jodo.example/x', apikey: 'k', sandbox: { dialer: false } }, /sandbox options with upstream/);
    await refused({ upstream: 'https://jodo.example/x', apikey: 'k', redis: 'redis://127.0.0.1:1', secret: 'short' }, /secret must be at least 32/);
    await refused({ host: '192.0.2.1' }, /host 192\.0\.2\.1 with the sandbox: its control API and demo sign-in have no password/);
    await refused({ host: '0.0.0.0', upstream: 'https://jodo.example/x', apikey: 'k' }, /host 0\.0\.0\.0 listens on every address: give publicOrigins/);
    await refused({ app, trustedTypes: ["x' 'unsafe-eval"] }, /is not a Trusted Types policy name/);
    const project = join(folder, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'index.html'), '<!doctype html>');
    writeFileSync(join(project, 'package.json'), '{}');
    await refused({ app: project }, /app .*project is a project's folder/);
    await refused({ app, store: join(app, 'gateway.db'), basePath: '/' }, /store .*gateway\.db is inside app/, /basePath \/ leaves no path/);
    await assert.rejects(startGatewayServer({ app: join(folder, 'nowhere'), port: 0 }), AppFolderError);
    await assert.rejects(startGatewayServer({ port: server.port, sandbox: { dialer: false } }), (error: Error) => error instanceof ListenError && error.code === 'EADDRINUSE');
  });

  it('closes the sandbox and its socket when the gateway cannot start (a store it cannot open)', async () => {
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('jodo-sandbox-')).sort();
    // A folder where the store's file should be: SQLite cannot open it.
    const started = startGatewayServer({ port: 0, store: app, sandbox: { dialer: false } });
    await assert.rejects(started.then(async (running) => (await running.close(), running)));
    assert.deepEqual(readdirSync(tmpdir()).filter((name) => name.startsWith('jodo-sandbox-')).sort(), before, "the private socket's folder is gone");
  });

  it('close() frees the port', async () => {
    const other = await startGatewayServer({ port: 0, sandbox: { dialer: false } });
    const { port } = other;
    assert.equal((await fetch(`${other.origin}/sandbox/health`)).status, 200);
    await other.close();
    await assert.rejects(fetch(`http://127.0.0.1:${port}/sandbox/health`));
  });
});
