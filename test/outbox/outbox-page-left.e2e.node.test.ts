/**
 * An agent leaves a CRM page while its outbox is writing, and opens the next
 * one: the next page's outbox must open IndexedDB, not fall back to memory.
 * WebKit (WebKitGTK 2.50) never finished a transaction under way as its page
 * was left and held the database for every later page; the store aborts
 * such transactions at pagehide. Real navigation, so real browsers driven
 * from Node: Chromium and Firefox through puppeteer, WebKit through its
 * WebDriver where it is installed.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { build } from 'esbuild';
import { remote } from 'webdriverio';
import { launchBrowser, type Engine } from '../helpers/browser-page.js';
import { freePort, waitForPort } from '../helpers/ports.js';

/** Page A writes entries one after another for as long as it lives; page B opens the outbox the way a toolbar does. */
const ENTRY = `{ id: 'e' + n, method: 'saveDisposition', params: {}, owner: 'user1', createdAt: Date.now(), state: 'queued', attempts: 0 }`;
const PAGES: Record<string, string> = {
  '/writing': `<script type="module">import { IndexedDbOutboxStore } from '/store.js';
    const store = new IndexedDbOutboxStore('jodo-outbox');
    await store.all();
    window.ready = true;
    for (let n = 0; ; n = (n + 1) % 200) await store.put(${ENTRY});</script>`,
  '/next': `<script type="module">import { openOutboxStore } from '/store.js';
    const store = await openOutboxStore('jodo-outbox', 8000);
    window.result = { persistent: store.persistent, entries: (await store.all()).length };</script>`,
};

/** What a browser must do here: go to a page, and read a global of it. */
interface Driver {
  go(url: string): Promise<void>;
  read(name: string): Promise<unknown>;
  close(): Promise<void>;
}

async function puppeteerDriver(engine: Engine): Promise<Driver> {
  const browser = await launchBrowser(engine);
  const page = await browser.newPage();
  return {
    go: async (url) => void (await page.goto(url)),
    read: (name) => page.evaluate((name) => (window as unknown as Record<string, unknown>)[name], name),
    close: () => browser.close(),
  };
}

const WEBKIT = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const webkitInstalled = existsSync(WEBKIT) && existsSync('/usr/bin/WebKitWebDriver') && existsSync('/usr/bin/xvfb-run');

async function webkitDriver(): Promise<Driver> {
  const port = await freePort();
  const driver = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], { stdio: 'ignore', detached: true });
  const stop = () => {
    try {
      process.kill(-driver.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  try {
    await waitForPort(port, 20_000, 'WebKitWebDriver');
    const browser = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      capabilities: { 'webkitgtk:browserOptions': { binary: WEBKIT, args: ['--automation'] } } as WebdriverIO.Capabilities,
    });
    return {
      go: async (url) => void (await browser.url(url)),
      read: (name) => browser.execute((name) => (window as unknown as Record<string, unknown>)[name], name),
      close: async () => {
        await browser.deleteSession().catch(() => {});
        stop();
      },
    };
  } catch (error) {
    stop();
    throw error;
  }
}

async function until<T>(read: () => Promise<T | undefined | null>, what: string, timeout = 20_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('an outbox writing as its page is left', () => {
  let server: Server;
  let origin: string;

  before(async () => {
    const store = (await build({ entryPoints: ['src/outbox/outbox-store.ts'], bundle: true, format: 'esm', write: false, target: 'es2022', logLevel: 'silent' })).outputFiles[0]!.text;
    server = createServer((request, response) => {
      const path = new URL(request.url!, 'http://x').pathname;
      if (path === '/store.js') return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(store);
      const page = PAGES[path];
      response.writeHead(page ? 200 : 404, { 'content-type': 'text/html' }).end(page ? `<!doctype html><title>${path}</title>${page}` : '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  const engines: [string, () => Promise<Driver>][] = [
    ['Chromium', () => puppeteerDriver('chromium')],
    ['Firefox', () => puppeteerDriver('firefox')],
    ...(webkitInstalled ? [['WebKit', webkitDriver] as [string, () => Promise<Driver>]] : []),
  ];
  for (const [name, start] of engines) {
    test(`${name}: the next page's outbox opens IndexedDB, and finds what the last one stored`, { timeout: 120_000 }, async () => {
      const browser = await start();
      try {
        // Several times, as an agent goes from record to record: each time the page is left mid-write.
        for (let round = 0; round < 3; round++) {
          await browser.go(`${origin}/writing`);
          await until(() => browser.read('ready'), 'the writing page has its store open');
          await new Promise((resolve) => setTimeout(resolve, 150 + round * 100));
          await browser.go(`${origin}/next`);
          const result = (await until(() => browser.read('result'), 'the next page opened its outbox')) as { persistent: boolean; entries: number };
          assert.equal(result.persistent, true, `round ${round}: the outbox fell back to memory: IndexedDB did not open`);
          assert.ok(result.entries > 0, `round ${round}: the writes the last page finished are there`);
        }
      } finally {
        await browser.close();
      }
    });
  }
});
