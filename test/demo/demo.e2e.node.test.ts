/**
 * `npm start` end to end: the vite dev server with the sandbox mounted, the
 * demo page in headless Chromium, and the whole loop an agent goes through.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { createServer, type ViteDevServer } from 'vite';

describe('demo page (npm start)', () => {
  let server: ViteDevServer;
  let browser: Browser;
  let page: Page;
  let origin: string;
  const pageErrors: string[] = [];

  before(async () => {
    process.env['JODO_SANDBOX_DB'] = ':memory:';
    server = await createServer({ configFile: 'vite.config.ts', logLevel: 'silent', server: { port: 0, strictPort: false } });
    await server.listen();
    origin = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
    browser = await puppeteer.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${origin}/`, { waitUntil: 'load' });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const textOf = (selector: string) => page.$eval(selector, (el) => el.textContent ?? '');
  const waitForText = (selector: string, pattern: RegExp) =>
    page.waitForFunction(
      (sel: string, source: string) => new RegExp(source).test(document.querySelector(sel)?.textContent ?? ''),
      { timeout: 15000 },
      selector,
      pattern.source,
    );

  test('shows the whole team from the sandbox', async () => {
    await waitForText('#state', /Ready/);
    const rows = await page.$$eval('#team tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    assert.equal(rows.length, 6);
    assert.ok(rows.every((row) => row.includes('Ready')));
  });

  test('a call pops the customer, its recording plays, and the wrap-up is saved', async () => {
    await page.select('#agent', 'user1');
    await page.$eval('#lead input[name=mobilenumber]', (el) => ((el as HTMLInputElement).value = '7507959484'));
    await page.click('#instant-call');
    await waitForText('#state', /Wrapup/);
    await waitForText('#call', /7507959484/);
    await page.waitForFunction(() => {
      const audio = document.querySelector<HTMLAudioElement>('#player')!;
      return !audio.hidden && audio.src.endsWith('.wav');
    }, { timeout: 15000 });
    const duration = await page.$eval('#player', (audio) => {
      const el = audio as HTMLAudioElement;
      el.preload = 'metadata';
      el.load();
      return new Promise<number>((resolve) => el.addEventListener('loadedmetadata', () => resolve(el.duration), { once: true }));
    });
    assert.ok(duration > 1, `recording of ${duration} s`);

    assert.equal(await page.$eval('#wrapup input[name=contactvalue]', (el) => (el as HTMLInputElement).value), '7507959484');
    await page.type('#wrapup textarea[name=remarks]', 'Wants the premium plan');
    await page.click('#wrapup button[type=submit]');
    await waitForText('#wrapup-result', /Saved/);
    await waitForText('#state', /Ready/);
  });

  test('a refused disposition keeps what the agent typed and says why', async () => {
    await page.select('#agent', 'user10');
    await page.$eval('#wrapup input[name=contactvalue]', (el) => ((el as HTMLInputElement).value = '7507959484'));
    await page.type('#wrapup textarea[name=remarks]', 'Keep me');
    await page.click('#wrapup button[type=submit]');
    await waitForText('#wrapup-result', /Not saved: Wrong Status mode/);
    assert.equal(await page.$eval('#wrapup textarea[name=remarks]', (el) => (el as HTMLTextAreaElement).value), 'Keep me');
    assert.match(await textOf('#state'), /Ready/);
  });

  test('the page raised no errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
