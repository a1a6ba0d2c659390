/**
 * Lighthouse (`npm run bench`, or `tsx bench/lighthouse.ts`): the built demo's
 * legacy portal and CRM page as users get them (`npm run preview`'s build and
 * server), signed in, without a call and with one (the agent in Wrapup after
 * a call: the customer popped, the form open, the recording offered), beside
 * a page holding only a bare Lit element served the same way. Lighthouse
 * 12.2.3 (pinned: the last that installs on Node 20), its desktop preset
 * (simulated throttling), performance only, in Debian's Chromium.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse, { desktopConfig } from 'lighthouse';
import type { Browser, Page } from 'puppeteer-core';
// @ts-expect-error: a plain .mjs build script without types
import { buildClassicScript } from '../scripts/bundle.mjs';
import { launchBrowser, waitForDeep } from '../test/helpers/browser-page.js';
import { buildDemo, previewDemo, sandboxControl } from '../test/helpers/built-demo.js';
import { type BenchOptions, type BenchSection, type Figure, median, num, runAlone, table } from './lib/report.js';

const AIMS = { score: 95, cls: 0.05, tbt: 50 };
const BARE = '/bare-lit-element.html';
const PAGES = [
  { name: 'legacy portal (autoloader)', path: '/legacy.html', login: 'rupesh.v@avhan.com' },
  { name: 'CRM page', path: '/', login: 'user1' },
] as const;

interface Audit {
  score: number;
  cls: number;
  tbt: number;
  /** Every byte the page transferred, and of it the scripts. */
  bytes: number;
  scriptBytes: number;
  lcp: number;
}

async function audit(page: Page, url: string): Promise<Audit> {
  const result = await lighthouse(url, { output: 'json', logLevel: 'error', onlyCategories: ['performance'] }, desktopConfig, page as never);
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
  const value = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  const summary = (lhr.audits['resource-summary']?.details as { items?: { resourceType: string; transferSize: number }[] } | undefined)?.items ?? [];
  return {
    score: Math.round((lhr.categories['performance']?.score ?? 0) * 100),
    cls: value('cumulative-layout-shift'),
    tbt: value('total-blocking-time'),
    lcp: value('largest-contentful-paint'),
    bytes: summary.find((item) => item.resourceType === 'total')?.transferSize ?? NaN,
    scriptBytes: summary.find((item) => item.resourceType === 'script')?.transferSize ?? NaN,
  };
}

/** Signs the browser in as `login` through the gateway's demo sign-in (the cookie outlives Lighthouse's cache clearing). */
async function signIn(browser: Browser, origin: string, path: string, login: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${origin}/jodo/login?return=${encodeURIComponent(path)}`, { waitUntil: 'load' });
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(`button[value="${login}"]`)]);
  await waitForDeep(page, ['jodo-toolbar', 'jodo-status', '[part=label]'], /Ready|Wrapup/);
  return page;
}

const medianAudit = (audits: Audit[]): Audit => ({
  score: median(audits.map((a) => a.score)),
  cls: median(audits.map((a) => a.cls)),
  tbt: median(audits.map((a) => a.tbt)),
  lcp: median(audits.map((a) => a.lcp)),
  bytes: median(audits.map((a) => a.bytes)),
  scriptBytes: median(audits.map((a) => a.scriptBytes)),
});

export async function run({ runs, log }: BenchOptions): Promise<BenchSection> {
  // Not under .jodo/: the servers never serve a file from the project's private folder.
  const out = mkdtempSync(join(tmpdir(), 'jodo-bench-lighthouse-'));
  process.env['JODO_SANDBOX_DB'] = ':memory:';
  process.env['JODO_GATEWAY_STORE'] = ':memory:';
  log('lighthouse: building the demo as npm run build does');
  await buildDemo(out);
  // The reference: one bare Lit element, its script built as the toolbar's script tag is, served by the same server.
  writeFileSync(join(out, 'bare-lit-element.js'), await buildClassicScript('bench/fixtures/bare-element.ts'));
  writeFileSync(
    join(out, BARE.slice(1)),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>A bare Lit element</title><script src="./bare-lit-element.js" defer></script></head><body><h1>A bare Lit element</h1><bare-element></bare-element></body></html>',
  );
  const { server, origin } = await previewDemo(out);
  const browser = await launchBrowser('chromium');
  const n = Math.min(runs, 3);
  const rows: { page: string; call: boolean; audit: Audit }[] = [];
  let bare: Audit;
  try {
    const bareTab = await browser.newPage();
    const bareAudits: Audit[] = [];
    for (let i = 0; i < n; i++) bareAudits.push(await audit(bareTab, `${origin}${BARE}`));
    bare = medianAudit(bareAudits);
    log(`lighthouse: bare Lit element: score ${bare.score}, CLS ${num(bare.cls, 3)}, TBT ${num(bare.tbt)} ms`);
    await bareTab.close();
    for (const page of PAGES) {
      for (const call of [false, true]) {
        const audits: Audit[] = [];
        for (let i = 0; i < n; i++) {
          await sandboxControl(origin, '/sandbox/agents/state', { login: page.login, currentstatus: 1 });
          const tab = await signIn(browser, origin, page.path, page.login);
          if (call) await sandboxControl(origin, '/sandbox/calls', { login: page.login, mobilenumber: '7507959484', servicekey: 'VoiceProcess' });
          audits.push(await audit(tab, `${origin}${page.path}`));
          await tab.close();
          const last = audits.at(-1)!;
          log(`lighthouse: ${page.name}${call ? ', with a call' : ''} ${i + 1}/${n}: score ${last.score}, CLS ${num(last.cls, 3)}, TBT ${num(last.tbt)} ms`);
        }
        rows.push({ page: page.name, call, audit: medianAudit(audits) });
      }
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
  const worst = {
    score: Math.min(...rows.map((r) => r.audit.score)),
    cls: Math.max(...rows.map((r) => r.audit.cls)),
    tbt: Math.max(...rows.map((r) => r.audit.tbt)),
  };
  const figures: Figure[] = [
    { name: 'Lighthouse performance score, worst of the legacy portal and the CRM page, with and without a call', value: worst.score, unit: '', reference: { name: 'a bare Lit element, same server', value: bare.score }, aim: `>= ${AIMS.score}`, met: worst.score >= AIMS.score },
    { name: 'Lighthouse cumulative layout shift, worst of the same', value: worst.cls, unit: '', reference: { name: 'a bare Lit element, same server', value: bare.cls }, aim: `<= ${AIMS.cls}`, met: worst.cls <= AIMS.cls },
    { name: 'Lighthouse total blocking time, worst of the same', value: worst.tbt, unit: 'ms', reference: { name: 'a bare Lit element, same server', value: bare.tbt }, aim: `<= ${AIMS.tbt} ms`, met: worst.tbt <= AIMS.tbt },
  ];
  const kB = (bytes: number) => num(bytes / 1000);
  const markdown = [
    `Lighthouse 12.2.3, desktop preset (simulated throttling: 40 ms round trip, 10 Mbps), performance only, in Debian's Chromium, on the demo built as \`npm run build\` builds it and served as \`npm run preview\` serves it (gzip, hashed files cached, the gateway and the sandbox on one origin). Each page signed in first (the session cookie stays; Lighthouse clears the cache before each run); "with a call": the sandbox put the agent through a whole call just before, so the page loads in Wrapup with the customer popped, the form open and the recording offered. The reference is a page with one bare Lit element, built and served the same way. Medians of ${n} runs:`,
    '',
    table(
      ['page', 'score', 'CLS', 'TBT ms', 'LCP ms', 'transferred kB', 'of it scripts kB'],
      [
        ...rows.map((r) => [`${r.page}${r.call ? ', with a call' : ''}`, r.audit.score, num(r.audit.cls, 3), num(r.audit.tbt), num(r.audit.lcp), kB(r.audit.bytes), kB(r.audit.scriptBytes)]),
        ['a bare Lit element', bare.score, num(bare.cls, 3), num(bare.tbt), num(bare.lcp), kB(bare.bytes), kB(bare.scriptBytes)],
      ],
    ),
  ].join('\n');
  return { title: 'Lighthouse', figures, markdown };
}

await runAlone(import.meta.url, run);
