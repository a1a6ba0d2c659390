/**
 * What `npm start` offers besides the demo, attacked the way a security
 * review did: another local page reading the sandbox through CORS, Vite's
 * `/@fs/` serving the stores, a TCP port that reaches the sandbox around the
 * gateway, and pages without their protective headers. The real dev server
 * (vite.config.ts, the gateway, the sandbox on real SQLite files), over HTTP.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { createServer, isFileLoadingAllowed, type ViteDevServer } from 'vite';
import { PAGES, devServerOrigins } from '../../vite.config.js';

/** A page on another local port: what Vite's default CORS answered. */
const FOREIGN = 'http://localhost:9999';

/** This process's sockets, by inode. */
function ownSockets(): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    const link = /^socket:\[(\d+)\]$/.exec((() => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    })());
    if (link) inodes.add(link[1]!);
  }
  return inodes;
}

/** TCP ports this process listens on (Linux: /proc/net/tcp and tcp6, state 0A). */
function listeningTcpPorts(): Set<number> {
  const own = ownSockets();
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === '0A' && own.has(fields[9]!)) ports.add(parseInt(fields[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

/** Paths of the Unix sockets this process listens on (/proc/net/unix, flag __SO_ACCEPTCON). */
function listeningUnixSockets(): string[] {
  const own = ownSockets();
  return readFileSync('/proc/net/unix', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === '00010000' && own.has(fields[6]!) && fields[7])
    .map((fields) => fields[7]!);
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request with the path sent exactly as written (fetch would resolve `/../` and `%2e` before sending). */
function raw(origin: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request(`${origin}/`, { path, method: init.method ?? 'GET', headers: init.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail).end(init.body);
  });
}

describe('the dev server (npm start) against attacks from the same machine', () => {
  let server: ViteDevServer;
  let origin: string;
  let stores: string;
  let cookie: string;
  let recording: string;
  const listeningBefore = listeningTcpPorts();
  const saved = Object.fromEntries(['JODO_SANDBOX_DB', 'JODO_GATEWAY_STORE', 'JODO_UPSTREAM', 'JODO_APIKEY'].map((name) => [name, process.env[name]]));

  /** Row counts and a checksum of every table of the sandbox's store, read from the file (read-only) and not through any server. */
  function storedData(): Record<string, string> {
    const db = new Database(join(stores, 'sandbox.db'), { readonly: true, fileMustExist: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
      return Object.fromEntries(
        tables.map((table) => {
          const rows = db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all();
          return [table, `${rows.length} ${createHash('sha256').update(JSON.stringify(rows)).digest('hex')}`];
        }),
      );
    } finally {
      db.close();
    }
  }

  /** Runs attacks and checks that the sandbox's stored data came out of them unchanged. */
  async function leavesStoreUnchanged(attacks: () => Promise<void>): Promise<void> {
    const stored = storedData();
    assert.ok(Number(stored['records']!.split(' ')[0]) > 0, 'the fixture has customer records');
    await attacks();
    assert.deepEqual(storedData(), stored, 'the stored data is unchanged');
  }

  before(async () => {
    // Inside the project, where Vite's `/@fs/` may serve from, as `.jodo/sandbox.db` is under `npm start`:
    // a folder outside it would be refused for that alone, whatever the deny list says.
    mkdirSync('.jodo', { recursive: true });
    stores = resolve(mkdtempSync('.jodo/dev-server-security-'));
    process.env['JODO_SANDBOX_DB'] = join(stores, 'sandbox.db');
    process.env['JODO_GATEWAY_STORE'] = join(stores, 'gateway.db');
    delete process.env['JODO_UPSTREAM'];
    delete process.env['JODO_APIKEY'];
    server = await createServer({ configFile: 'vite.config.ts', logLevel: 'silent', server: { port: 0, strictPort: false } });
    await server.listen();
    origin = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
    const json = { 'content-type': 'application/json' };
    // Still data for the checksums: no dialer walking agents through calls behind the test's back.
    assert.equal((await fetch(`${origin}/sandbox/dialer`, { method: 'POST', headers: json, body: '{"running":false}' })).status, 200);
    const call = (await (await fetch(`${origin}/sandbox/calls`, { method: 'POST', headers: json, body: JSON.stringify({ login: 'user1', mobilenumber: '+919876500001', servicekey: 'VoiceProcess' }) })).json()) as { systemcallid: string };
    recording = call.systemcallid;
    const signIn = await fetch(`${origin}/jodo/session`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'login=user1', redirect: 'manual' });
    cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  });

  after(async () => {
    await server?.close();
    rmSync(stores, { recursive: true, force: true });
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test('another origin gets no CORS answer from any path: not the sandbox, not a page, not a preflight', async () => {
    await leavesStoreUnchanged(async () => {
      const reads = ['/sandbox/stats', `/sandbox/recordings/${recording}.wav`, `/sandbox/agents/user1/call`, '/sandbox/dispositions', '/', '/index.html', '/main.ts', '/@vite/client', '/jodo/session', `/jodo/recordings/${recording}`];
      for (const path of reads) {
        for (const from of [FOREIGN, 'http://127.0.0.1:9999']) {
          const answer = await raw(origin, path, { headers: { origin: from, cookie } });
          assert.equal(answer.headers['access-control-allow-origin'], undefined, `GET ${path} from ${from}`);
          assert.equal(answer.headers['access-control-allow-credentials'], undefined, `GET ${path} from ${from}`);
        }
      }
      // What a page elsewhere asks before resetting the store, queuing a fault or writing through the gateway.
      for (const path of ['/sandbox/reset', '/sandbox/faults', '/sandbox/calls', '/jodo']) {
        const answer = await raw(origin, path, { method: 'OPTIONS', headers: { origin: FOREIGN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
        assert.equal(answer.headers['access-control-allow-origin'], undefined, `OPTIONS ${path}`);
        assert.equal(answer.headers['access-control-allow-methods'], undefined, `OPTIONS ${path}`);
      }
    });
  });

  test('a host name that is not the dev server (DNS rebinding) is refused before the sandbox or the gateway', async () => {
    await leavesStoreUnchanged(async () => {
      const port = new URL(origin).port;
      for (const path of ['/sandbox/stats', '/jodo/session', '/']) {
        const answer = await raw(origin, path, { headers: { host: `rebound.example:${port}`, cookie } });
        assert.equal(answer.status, 403, path);
        assert.doesNotMatch(answer.body.toString(), /requests|user1|<html/i, path);
      }
    });
    // The origins the gateway is reached at (its publicOrigins): the port Vite listens on, by name and by address.
    const port = (server.httpServer!.address() as { port: number }).port;
    assert.deepEqual(devServerOrigins(server), [`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
    for (const own of devServerOrigins(server)) assert.equal((await raw(origin, '/sandbox/health', { headers: { host: new URL(own).host } })).status, 200, own);
  });

  test('no store file comes back, through /@fs/ or any spelling of its path', async () => {
    // The gateway's store has written its -wal by now (the sign-in); the sandbox's has its data.
    const files = readdirSync(stores).filter((name) => /\.db(-wal|-shm|-journal)?$/.test(name));
    assert.ok(files.includes('sandbox.db') && files.includes('gateway.db') && files.some((name) => name.endsWith('-wal')), files.join());
    const project = process.cwd();
    const folder = stores.slice(project.length + 1); // .jodo/dev-server-security-…
    await leavesStoreUnchanged(async () => {
      for (const file of files) {
        const content = readFileSync(join(stores, file));
        // Any stretch of the file's head, as bytes, base64 (a `?inline` data URL) or text (SQLite's magic string).
        const head = content.subarray(0, 32);
        const telltales = [head, Buffer.from(head.toString('base64').slice(0, 24)), Buffer.from('SQLite format 3')];
        const refused = [
          `/@fs${stores}/${file}`,
          `/@fs/${stores}/${file}`,
          `/@fs${stores}/${file}?raw`,
          `/@fs${stores}/${file}?import`,
          `/@fs${stores}/${file}?url`,
          `/@fs${stores}/${file}?inline`,
          `/@fs${stores}/${file}?import&raw`,
          `/@fs${stores}/${file}?worker_file&type=module`,
          `/@fs${stores}/./${file}`,
          `/@fs${stores}/../${folder.split('/')[1]}/${file}`,
          `/@fs${project}/%2Ejodo/${folder.split('/')[1]}/${file}`,
          `/@fs${project}/%2e%6aodo/${folder.split('/')[1]}/${file}`,
          `/@fs${stores}/${file.replace('.', '%2e')}`,
        ];
        for (const path of refused) {
          const answer = await raw(origin, path, { headers: { cookie } });
          assert.equal(answer.status, 403, path);
          for (const telltale of telltales) assert.ok(!answer.body.includes(telltale), `${path} sent part of ${file}`);
        }
        // Relative to the demo's root: Vite answers these with its page fallback, never the file.
        for (const path of [`/../${folder}/${file}`, `/%2e%2e/${folder}/${file}`, `/..%2f${folder}/${file}`, `/../${folder}/${file}?raw`, `/../${folder}/${file}?import`, `/../${folder}/${file}?url`]) {
          const answer = await raw(origin, path, { headers: { cookie } });
          for (const telltale of telltales) assert.ok(!answer.body.includes(telltale), `${path} sent part of ${file}`);
        }
      }
    });
  });

  test('store files are refused wherever they are in the project, and Vite\'s own denials still hold', () => {
    const project = process.cwd();
    for (const file of ['.jodo/gateway.db', '.jodo/wtr-summary.json', 'data/crm.db', 'data/crm.db-wal', 'data/crm.db-shm', 'data/crm.db-journal', 'demo/old.DB', '.env', '.env.local', 'certs/server.pem', 'certs/server.key', '.git/config']) {
      assert.equal(isFileLoadingAllowed(server.config, `${project}/${file}`), false, file);
    }
    // What the demo needs is still served.
    for (const file of ['demo/index.html', 'src/index.ts', 'package.json']) assert.equal(isFileLoadingAllowed(server.config, `${project}/${file}`), true, file);
  });

  test('the sandbox listens on no TCP port: only on a Unix socket in a private folder, through which the gateway still answers', async () => {
    const port = (server.httpServer!.address() as { port: number }).port;
    const opened = [...listeningTcpPorts()].filter((p) => !listeningBefore.has(p));
    assert.deepEqual(opened, [port], 'the dev server opened no TCP port but its own');
    const sockets = listeningUnixSockets().filter((path) => /jodo-sandbox-/.test(path));
    assert.equal(sockets.length, 1, sockets.join());
    const socket = sockets[0]!;
    assert.ok(statSync(socket).isSocket());
    assert.equal(statSync(dirname(socket)).mode & 0o777, 0o700, 'only this user can enter the socket\'s folder');

    await leavesStoreUnchanged(async () => {
      // The sandbox's Jodo endpoint with the demo key is not on the page's origin either.
      const around = await raw(origin, '/CustomerWebServices/handleCustomerWS', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `data=${encodeURIComponent(JSON.stringify({ method: 'userStatus', apikey: 'test_org', servicekey: 'VoiceProcess', loginids: ['user1'], reqdatetime: '2026-01-01 10:00:00' }))}`,
      });
      assert.doesNotMatch(around.body.toString(), /statusdata/);

      // The gateway reaches it over the socket: a Jodo method, and a recording streamed from it.
      const status = await raw(origin, '/jodo', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: `data=${encodeURIComponent(JSON.stringify({ method: 'userStatus', loginids: ['user1'], reqdatetime: '2026-01-01 10:00:00' }))}`,
      });
      assert.equal(status.status, 200);
      assert.equal((JSON.parse(status.body.toString()) as { statusdata: { login: string }[] }).statusdata[0]!.login, 'user1');
      const audio = await raw(origin, `/jodo/recordings/${recording}`, { headers: { cookie, range: 'bytes=0-11' } });
      assert.equal(audio.status, 206);
      assert.equal(audio.body.subarray(0, 4).toString(), 'RIFF');
      assert.equal(audio.body.subarray(8, 12).toString(), 'WAVE');
    });
  });

  test('every page, and every other answer, carries nosniff, a same-origin Referrer-Policy and a policy with form-action \'self\'', async () => {
    const paths = ['/', ...PAGES.map((page) => `/${page}.html`), '/main.ts', '/sandbox/health', '/jodo/login', `/@fs${stores}/sandbox.db`];
    for (const path of paths) {
      const answer = await raw(origin, path, { headers: { cookie } });
      assert.equal(answer.headers['x-content-type-options'], 'nosniff', path);
      assert.match(String(answer.headers['referrer-policy']), /^(same-origin|no-referrer|strict-origin)$/, path);
      const policy = String(answer.headers['content-security-policy']);
      assert.match(policy, /(^|; )form-action 'self'(;|$)/, path);
      if (path.endsWith('.html') || path === '/') {
        assert.match(answer.headers['content-type'] as string, /text\/html/, path);
        assert.match(policy, /frame-ancestors 'none'/, path);
      }
    }
  });

  test('closing the dev server removes the sandbox\'s socket and its folder', async () => {
    const socket = listeningUnixSockets().find((path) => /jodo-sandbox-/.test(path))!;
    await server.close();
    assert.equal(existsSync(dirname(socket)), false);
    assert.deepEqual(listeningUnixSockets().filter((path) => /jodo-sandbox-/.test(path)), []);
  });
});
