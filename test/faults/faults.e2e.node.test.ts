/**
 * Faults an agent's shift meets, in real Chromium and Firefox, against the
 * real gateway and a real sandbox process: the sandbox killed and restarted
 * mid-call; the gateway answering 500, garbage, or nothing for a while; the
 * network dropped during a wrap-up (the answer lost after Jodo stored it);
 * the page reloaded with wrap-ups queued. Each ends with the wrap-up stored
 * exactly once in the sandbox's own database, and the toolbar recovered by
 * itself.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import type { Browser, Page } from 'puppeteer-core';
import { DEMO_USERS } from '../../src/server/gateway/demo-users.js';
import { createGateway, type Gateway } from '../../src/server/gateway/gateway.js';
import { JODO_PATH } from '../../src/server/sandbox/endpoint.js';
import { launchBrowser } from '../helpers/browser-page.js';
import { freePort } from '../helpers/ports.js';
import { silentLogger } from '../helpers/log-lines.js';

const DISPOSITIONS = [{ id: 1, name: 'Interested', reasons: [{ id: 1, name: 'Callback requested' }, { id: 2, name: 'Send details' }] }];
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Faults</title><script type="module" src="/toolbar.js"></script></head>
<body><jodo-provider endpoint="/jodo" session-url="/jodo/session" poll-interval="500" idle-poll-interval="500">
<jodo-toolbar dispositions='${JSON.stringify(DISPOSITIONS)}'></jodo-toolbar></jodo-provider></body></html>`;

/** What the test server does to the browser's Jodo requests (POST /jodo) and event streams (GET /jodo/events) right now. */
type Fault = 'none' | 'http500' | 'garbage' | 'silence' | 'drop' | 'lose-answer';

const work = mkdtempSync(join(tmpdir(), 'jodo-faults-'));
const dbFile = join(work, 'sandbox.db');

/** The sandbox as its own process, so it can be killed like a crashed Jodo. */
class SandboxProcess {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli/sandbox.ts', '--port', String(this.port), '--db', dbFile, '--no-dialer'], { stdio: 'ignore' });
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        if ((await fetch(`${this.url}/sandbox/health`)).ok) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error('the sandbox did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async control(path: string, body: unknown = {}): Promise<void> {
    const response = await fetch(`${this.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.ok(response.ok, `${path}: ${await response.text()}`);
  }
}

/** How many wrap-ups with these remarks the sandbox's database holds: the only count that matters. */
function storedWrapups(remarks: string): number {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM dispositions WHERE remarks = ?').get(remarks) as { n: number }).n;
  } finally {
    db.close();
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T> | T, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Text an element renders (through shadow roots, as an agent reads it). */
function shadowText(page: Page, path: string[]): Promise<string> {
  return page.evaluate((path) => {
    let node: Element | Document | null = document;
    for (const selector of path) {
      const root: ParentNode = node instanceof Element && node.shadowRoot ? node.shadowRoot : (node as ParentNode);
      node = root.querySelector(selector);
      if (!node) return '';
    }
    const el = node as Element;
    return (el.shadowRoot ?? el).textContent!.replace(/\s+/g, ' ').trim();
  }, path);
}

const STATUS = ['jodo-toolbar', 'jodo-status'];
const FORM = ['jodo-toolbar', 'jodo-disposition'];
const OUTBOX = ['jodo-toolbar', 'jodo-outbox'];

/** Fills the open wrap-up form and presses save, as the agent does. */
async function saveWrapup(page: Page, remarks: string): Promise<void> {
  await page.evaluate((remarks) => {
    const form = document.querySelector('jodo-toolbar')!.shadowRoot!.querySelector('jodo-disposition')!.shadowRoot!;
    const outcome = form.querySelector<HTMLSelectElement>('#outcome')!;
    outcome.value = '1:2';
    outcome.dispatchEvent(new Event('change', { bubbles: true }));
    const notes = form.querySelector<HTMLTextAreaElement>('#remarks')!;
    notes.value = remarks;
    notes.dispatchEvent(new Event('input', { bubbles: true }));
    const contact = form.querySelector<HTMLInputElement>('#contact')!;
    contact.value = '7507959484';
    contact.dispatchEvent(new Event('input', { bubbles: true }));
  }, remarks);
  // Let Lit render the edits before the click, as a real agent's pause would.
  await new Promise((resolve) => setTimeout(resolve, 50));
  await page.evaluate(() => {
    document.querySelector('jodo-toolbar')!.shadowRoot!.querySelector('jodo-disposition')!.shadowRoot!.querySelector<HTMLButtonElement>('[part=submit]')!.click();
  });
}

const ENGINES = ['chromium', 'firefox'] as const;

describe('faults during a shift', () => {
  let sandbox: SandboxProcess;
  let gateway: Gateway;
  let server: Server;
  let origin: string;
  let bundle: string;
  let fault: Fault = 'none';
  /** Requests held by 'silence', let go (cut) when the fault ends. */
  const held: ServerResponse[] = [];
  /** Event streams open: a fault cuts them, as a gateway failing would, and the browser meets it as it reconnects. */
  const streams = new Set<ServerResponse>();

  function setFault(next: Fault): void {
    fault = next;
    if (next === 'none') for (const res of held.splice(0)) res.socket?.destroy();
    else for (const res of streams) res.socket?.destroy();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    if (path === '/toolbar.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      return;
    }
    const isStream = path === '/jodo/events' && req.method === 'GET';
    if (isStream && fault === 'none') {
      streams.add(res);
      res.once('close', () => streams.delete(res));
    }
    if (isStream && fault === 'lose-answer') {
      req.socket.destroy();
      return;
    }
    if (((path === '/jodo' && req.method === 'POST') || isStream) && fault !== 'none') {
      switch (fault) {
        case 'http500':
          res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
          return;
        case 'garbage':
          res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Proxy error: upstream said \u0000\u00ff');
          return;
        case 'silence':
          held.push(res);
          return;
        case 'drop':
          req.socket.destroy();
          return;
        case 'lose-answer': {
          // Jodo gets the request and answers; the answer never reaches the browser.
          res.writeHead = (() => res) as never;
          res.setHeader = (() => res) as never;
          res.write = (() => true) as never;
          res.end = (() => (req.socket.destroy(), res)) as never;
          break;
        }
      }
    }
    await gateway.handle(req, res);
  }

  before(async () => {
    bundle = (await build({ entryPoints: ['src/define/index.ts'], bundle: true, format: 'esm', write: false, target: 'es2022', tsconfig: 'tsconfig.json', logLevel: 'silent' })).outputFiles[0]!.text;
    sandbox = new SandboxProcess(await freePort());
    await sandbox.start();
    gateway = createGateway({
      upstream: `${sandbox.url}${JODO_PATH}`,
      apikey: 'test_org',
      users: DEMO_USERS,
      store: join(work, 'gateway.db'),
      upstreamTimeoutMs: 3000,
      rateLimit: { limit: 100_000, windowMs: 60_000 },
      logger: silentLogger(),
    });
    server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    setFault('none');
    await sandbox?.kill();
    gateway?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(work, { recursive: true, force: true });
  });

  for (const engine of ENGINES) {
    describe(engine, () => {
      let browser: Browser;

      before(async () => {
        browser = await launchBrowser(engine);
      });

      after(async () => {
        await browser?.close();
      });

      const pages: Page[] = [];
      afterEach(async () => {
        // A page left open is another tab of the agent: it would send the next test's outbox.
        for (const page of pages.splice(0)) await page.close().catch(() => undefined);
      });

      /** A fresh sandbox state, the agent signed in on the fault page and shown Ready (or `state`). */
      async function signIn(state = 1): Promise<Page> {
        setFault('none');
        await sandbox.control('/sandbox/reset');
        await sandbox.control('/sandbox/agents/state', { login: 'user1', currentstatus: state });
        const page = await browser.newPage();
        pages.push(page);
        await page.goto(`${origin}/jodo/login?return=/`, { waitUntil: 'load' });
        await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button[value="user1"]')]);
        // A clean outbox: IndexedDB outlives pages of one origin.
        await page.evaluate(() => new Promise((resolve) => { const r = indexedDB.deleteDatabase('jodo-outbox'); r.onsuccess = r.onerror = r.onblocked = resolve; }));
        await page.reload({ waitUntil: 'load' });
        return page;
      }

      const statusText = (page: Page) => shadowText(page, STATUS);

      async function intoWrapup(page: Page): Promise<void> {
        await sandbox.control('/sandbox/agents/state', { login: 'user1', currentstatus: 7 });
        await waitFor('the wrap-up form to open itself', () => page.evaluate(() => document.querySelector('jodo-toolbar')!.shadowRoot!.querySelector('jodo-disposition')!.open), Boolean);
      }

      /** The wrap-up is waiting in the outbox and the agent is told so. */
      async function assertQueued(page: Page, remarks: string): Promise<void> {
        await waitFor('the agent told the wrap-up is kept', () => shadowText(page, FORM), (t) => t.includes('kept on this computer'));
        await waitFor('the outbox to show it waiting', () => shadowText(page, OUTBOX), (t) => /1 change waits/.test(t));
        assert.equal(storedWrapups(remarks), 0, 'not stored yet');
      }

      /** Jodo has it once, the outbox is empty, and the agent was told (`told`: what the form says in the end). */
      async function assertStoredOnce(page: Page, remarks: string, told = /reached Jodo/): Promise<void> {
        await waitFor('the wrap-up stored', () => storedWrapups(remarks), (n) => n > 0, 45_000);
        await waitFor('the outbox to empty', () => shadowText(page, OUTBOX), (t) => !/wait/.test(t));
        await waitFor('the agent told it is saved', () => shadowText(page, FORM), (t) => told.test(t));
        // Any retry still in the air would have landed by now.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        assert.equal(storedWrapups(remarks), 1, 'stored exactly once');
        await waitFor('the agent Ready again', () => statusText(page), (t) => t.startsWith('Ready') && !/Reconnecting|Not updating/.test(t));
      }

      test('the sandbox is killed and restarted mid-call: the toolbar says so, recovers, and the wrap-up made meanwhile is stored once', async () => {
        const page = await signIn(5);
        await waitFor('Talking', () => statusText(page), (t) => t.startsWith('Talking'));
        await sandbox.kill();
        const down = await waitFor('the outage shown', () => statusText(page), (t) => t.includes('Reconnecting'));
        assert.match(down, /Talking/, 'the last known state stays, marked as not current');
        const title = await page.evaluate(() => document.querySelector('jodo-toolbar')!.shadowRoot!.querySelector('jodo-status')!.shadowRoot!.querySelector('[part=base]')!.getAttribute('title'));
        assert.match(title ?? '', /unavailable/i, 'says what happened');
        await sandbox.start();
        await waitFor('recovered by itself', () => statusText(page), (t) => t.startsWith('Talking') && !t.includes('Reconnecting'));

        await intoWrapup(page);
        await sandbox.kill();
        const remarks = `killed-${engine}-${Date.now()}`;
        await saveWrapup(page, remarks);
        await assertQueued(page, remarks);
        await sandbox.start();
        await assertStoredOnce(page, remarks);
      });

      for (const mode of ['http500', 'garbage', 'silence'] as const) {
        test(`the gateway answers ${mode === 'silence' ? 'nothing' : mode} for a while: the wrap-up waits, then is stored once`, async () => {
          const page = await signIn();
          await intoWrapup(page);
          setFault(mode);
          const remarks = `${mode}-${engine}-${Date.now()}`;
          await saveWrapup(page, remarks);
          if (mode === 'silence') {
            // Nothing comes back: the form says it is saving, and nothing is lost meanwhile.
            await waitFor('saving shown', () => shadowText(page, FORM), (t) => t.includes('Saving'));
            await waitFor('states shown as not current', () => statusText(page), (t) => /Not updating|Reconnecting/.test(t), 10_000);
            setFault('none');
            // The cut request may be resent by the browser itself (a reused connection closed before
            // any answer) and saved at once, or fail and wait in the outbox: either way, stored once.
            await assertStoredOnce(page, remarks, /reached Jodo|Wrap-up saved/);
            return;
          } else {
            await assertQueued(page, remarks);
            const status = await waitFor('the status marked', () => statusText(page), (t) => t.includes('Reconnecting'));
            const seen = await page.evaluate(() => JSON.stringify((document.querySelector('jodo-provider') as unknown as { status: { snapshot(login: string): unknown } }).status.snapshot('user1')));
            assert.match(status, /Wrapup/, `the last state known, marked: ${seen}`);
            setFault('none');
          }
          await assertStoredOnce(page, remarks);
          });
      }

      test('the network drops while a wrap-up is sent (Jodo stored it, the answer is lost): the retry is not stored twice', async () => {
        const page = await signIn();
        await intoWrapup(page);
        setFault('lose-answer');
        const remarks = `lost-answer-${engine}-${Date.now()}`;
        await saveWrapup(page, remarks);
        await waitFor('the agent told the wrap-up is kept', () => shadowText(page, FORM), (t) => t.includes('kept on this computer'));
        assert.equal(storedWrapups(remarks), 1, 'Jodo has it already; the toolbar cannot know');
        // The network stays down for a while: every retry fails to connect.
        setFault('drop');
        await waitFor('a failed retry noted', () => shadowText(page, OUTBOX), (t) => /reach Jodo|unavailable/.test(t), 20_000);
        setFault('none');
        await assertStoredOnce(page, remarks);
      });

      test('three real tabs of one agent: one polls for all, and another takes over when it closes', async () => {
        const tabs = [await signIn(), await browser.newPage(), await browser.newPage()];
        pages.push(tabs[1]!, tabs[2]!);
        await Promise.all(tabs.slice(1).map((tab) => tab.goto(`${origin}/`, { waitUntil: 'load' })));
        const role = (tab: Page) => tab.evaluate(() => (document.querySelector('jodo-provider') as unknown as { status: { role: string } }).status.role);
        const polls = (tab: Page) => tab.evaluate(() => (document.querySelector('jodo-provider') as unknown as { status: { polls: number } }).status.polls);
        const roles = async () => (await Promise.all(tabs.map(role))).slice().sort().join();
        await waitFor('one leader among three tabs', roles, (r) => r === 'follower,follower,leader');
        await Promise.all(tabs.map((tab) => waitFor('Ready in every tab', () => statusText(tab), (t) => t.startsWith('Ready'))));
        const before = await Promise.all(tabs.map(polls));
        await new Promise((resolve) => setTimeout(resolve, 3000));
        const after = await Promise.all(tabs.map(polls));
        const tabRoles = await Promise.all(tabs.map(role));
        const streaming = await Promise.all(tabs.map((tab) => tab.evaluate(() => (document.querySelector('jodo-provider') as unknown as { status: { streaming: boolean } }).status.streaming)));
        tabRoles.forEach((r, i) => r === 'follower' && assert.equal(streaming[i], false, `follower tab ${i} holds no stream`));
        tabRoles.forEach((r, i) => {
          if (r === 'follower') assert.equal(after[i], before[i], `follower tab ${i} sent no userStatus`);
          else assert.ok(after[i]! > before[i]! || streaming[i], 'the leader polls, or holds the event stream');
        });
        const leader = tabs[tabRoles.indexOf('leader')]!;
        const rest = tabs.filter((tab) => tab !== leader);
        await leader.close();
        await waitFor('a new leader', async () => (await Promise.all(rest.map(role))).sort().join(), (r) => r === 'follower,leader');
        await sandbox.control('/sandbox/agents/state', { login: 'user1', currentstatus: 5 });
        await Promise.all(rest.map((tab) => waitFor('the remaining tabs follow', () => statusText(tab), (t) => t.startsWith('Talking'))));
      });

      test('the page is reloaded with a wrap-up queued: the reloaded page sends it, once', async () => {
        const page = await signIn();
        await intoWrapup(page);
        setFault('drop');
        const remarks = `reload-${engine}-${Date.now()}`;
        await saveWrapup(page, remarks);
        await assertQueued(page, remarks);
        await page.reload({ waitUntil: 'load' });
        await waitFor('the reloaded page shows it waiting', () => shadowText(page, OUTBOX), (t) => /1 change waits/.test(t));
        setFault('none');
        await waitFor('the wrap-up stored', () => storedWrapups(remarks), (n) => n > 0, 45_000);
        await waitFor('the outbox to empty', () => shadowText(page, OUTBOX), (t) => !/wait/.test(t));
        await new Promise((resolve) => setTimeout(resolve, 1500));
        assert.equal(storedWrapups(remarks), 1, 'stored exactly once');
      });

      if (engine === 'chromium') {
        test('a leader tab frozen by the browser hands over at once; one whose script hangs is replaced when its answer is overdue', async () => {
          const first = await signIn();
          const second = await browser.newPage();
          pages.push(second);
          await second.goto(`${origin}/`, { waitUntil: 'load' });
          const role = (tab: Page) => tab.evaluate(() => (document.querySelector('jodo-provider') as unknown as { status: { role: string } }).status.role);
          await waitFor('one leader', async () => [await role(first), await role(second)].sort().join(), (r) => r === 'follower,leader');
          const leader = (await role(first)) === 'leader' ? first : second;
          const follower = leader === first ? second : first;

          // Frozen (as Chromium freezes a background tab): the freeze event gives up the lead.
          const frozen = await leader.createCDPSession();
          await frozen.send('Page.setWebLifecycleState', { state: 'frozen' });
          await waitFor('the other tab leads', () => role(follower), (r) => r === 'leader', 5000);
          await sandbox.control('/sandbox/agents/state', { login: 'user1', currentstatus: 6 });
          await waitFor('and shows fresh data', () => statusText(follower), (t) => t.startsWith('Hold') && !/Reconnecting|Not updating/.test(t));
          await frozen.send('Page.setWebLifecycleState', { state: 'active' });
          await waitFor('the unfrozen tab follows', () => role(leader), (r) => r === 'follower');
          await waitFor('and catches up', () => statusText(leader), (t) => t.startsWith('Hold'));

          // Hung: its script stops (paused in a debugger) and it still holds the lock.
          const hung = await follower.createCDPSession();
          await hung.send('Debugger.enable');
          await hung.send('Debugger.pause');
          await waitFor('the other tab takes over from the hung one', () => role(leader), (r) => r === 'leader', 15_000);
          await sandbox.control('/sandbox/agents/state', { login: 'user1', currentstatus: 5 });
          await waitFor('fresh data again', () => statusText(leader), (t) => t.startsWith('Talking') && !/Reconnecting|Not updating/.test(t));
          await hung.send('Debugger.resume');
          await waitFor('the resumed tab follows', () => role(follower), (r) => r === 'follower');
          await waitFor('and catches up', () => statusText(follower), (t) => t.startsWith('Talking'));
        });

        test('the browser goes offline: polls pause, the toolbar says so, and the wrap-up made offline is sent on `online`, once', async () => {
          const page = await signIn();
          await intoWrapup(page);
          await page.setOfflineMode(true);
          await waitFor('offline shown', () => statusText(page), (t) => t.includes('Reconnecting'));
          const title = await page.evaluate(() => document.querySelector('jodo-toolbar')!.shadowRoot!.querySelector('jodo-status')!.shadowRoot!.querySelector('[part=base]')!.getAttribute('title'));
          assert.match(title ?? '', /offline/i);
          const polls = () => page.evaluate(() => (document.querySelector('jodo-provider') as unknown as { status: { polls: number } }).status.polls);
          const pollsBefore = await polls();
          await new Promise((resolve) => setTimeout(resolve, 1500));
          assert.equal(await polls(), pollsBefore, 'no polls while offline (three intervals passed)');
          const remarks = `offline-${Date.now()}`;
          await saveWrapup(page, remarks);
          await assertQueued(page, remarks);
          assert.match(await shadowText(page, OUTBOX), /offline/i, 'the outbox says why');
          await page.setOfflineMode(false);
          await assertStoredOnce(page, remarks);
        });
      }
    });
  }
});
