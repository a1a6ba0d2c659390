/**
 * Polling cost: how many requests per poll interval the toolbar sends for 1,
 * 10 and 100 `<jodo-status>` elements (each showing its own agent, under one
 * `<jodo-provider>` per tab) across 1 and 5 tabs of one origin in one
 * browser, and how many bytes a poll costs on the wire. The design: one
 * request per interval, whatever the count (the provider's poller batches
 * the logins, and the tabs elect one leader that polls for all of them).
 *
 * Counted at the server, not in the page: every request to the Jodo endpoint
 * over a window of several intervals after warm-up, and the bytes read and
 * written on its sockets (HTTP/1.1 as sent, headers included).
 *
 * Reference, measured in the same run: a naive embedding of the same page, a
 * few lines of script where each element polls userStatus for its own agent
 * on its own timer (the same request as the client's, one login each), so N
 * elements in T tabs cost N × T requests per interval.
 *
 * `npx tsx bench/polling.ts` runs it alone (BENCH_RUNS=3 by default).
 */
import type { Browser, Page } from 'puppeteer-core';
import { AgentStates } from '../src/api/codes.js';
import { sql } from '../src/server/sandbox/store.js';
import { median, num, runAlone, table, type BenchOptions, type BenchSection, type Figure } from './lib/report.js';
import { JODO_ENDPOINT, launchBenchBrowser, since, startPageServer, type PageServer, type WireCounts } from './lib/page-server.js';

/** The poll interval of both pages (the provider's `poll-interval` and `idle-poll-interval`), ms. */
const INTERVAL_MS = 500;
/** Intervals waited after every element shows its agent, before counting. */
const WARMUP_INTERVALS = 2;
/** Intervals counted. */
const WINDOW_INTERVALS = 6;
const COUNTS = [1, 10, 100];
const TABS = [1, 5];
const APIKEY = 'test_org';
const SERVICEKEY = 'VoiceProcess';
const loginOf = (i: number) => `poll-agent-${String(i).padStart(3, '0')}@bench.test`;

/** The toolbar: N `<jodo-status>` under one provider, each for its own agent. */
const oursPage = (query: URLSearchParams) => {
  const n = Number(query.get('n'));
  const statuses = Array.from({ length: n }, (_, i) => `<li><jodo-status login="${loginOf(i)}"></jodo-status></li>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Polling: the toolbar</title>
<script src="/jodo-toolbar.js"></script></head><body>
<jodo-provider endpoint="${JODO_ENDPOINT}" apikey="${APIKEY}" servicekey="${SERVICEKEY}" login="${loginOf(0)}" poll-interval="${INTERVAL_MS}" idle-poll-interval="${INTERVAL_MS}">
<ul>${statuses}</ul>
</jodo-provider></body></html>`;
};

/**
 * The naive embedding: each element polls for its own agent on its own timer, with the request the
 * client sends (same headers, same JSON envelope, one login).
 */
const NAIVE_SCRIPT = `
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  const stamp = (d) => pad(d.getFullYear(), 4) + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  // Started once every tab is open (else 400 requests per interval queue ahead of the last tab's loading).
  window.startPolling = () => { for (const el of document.querySelectorAll('[data-login]')) {
    const poll = async () => {
      const data = JSON.stringify({ loginids: [el.dataset.login], servicekey: '${SERVICEKEY}', method: 'userStatus', apikey: '${APIKEY}', reqdatetime: stamp(new Date()) });
      try {
        const response = await fetch('${JODO_ENDPOINT}', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' }, body: new URLSearchParams({ data }).toString() });
        const agent = JSON.parse(await response.text()).statusdata[0];
        el.dataset.state = agent.currentstatus;
        el.textContent = agent.currentstatusdesc + ' ' + agent.duration + ' s';
      } catch {
        el.textContent = 'offline';
      }
    };
    poll();
    setInterval(poll, ${INTERVAL_MS});
  } };
`;
const naivePage = (query: URLSearchParams) => {
  const n = Number(query.get('n'));
  const statuses = Array.from({ length: n }, (_, i) => `<li><span data-login="${loginOf(i)}">Connecting…</span></li>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Polling: naive</title></head><body>
<ul>${statuses}</ul><script src="/naive.js"></script></body></html>`;
};

type Variant = 'ours' | 'naive';

interface Sample {
  requests: number;
  /** Requests per interval: those that arrived in the whole intervals from the window's first request, per interval. */
  perInterval: number;
  bytesIn: number;
  bytesOut: number;
  /** Requests to anything but the Jodo endpoint during the window (should be none). */
  other: number;
  visibility: string[];
  /** The poller's role in each tab (ours only). */
  roles: string[];
}

async function allShown(page: Page, variant: Variant, n: number): Promise<void> {
  await page.waitForFunction(
    (variant, n) =>
      variant === 'ours'
        ? [...document.querySelectorAll('jodo-status')].filter((el) => (el as unknown as { state?: number }).state !== undefined).length === n
        : document.querySelectorAll('[data-state]').length === n,
    { timeout: 30_000, polling: 50 },
    variant,
    n,
  );
}

async function measureCase(browser: Browser, server: PageServer, variant: Variant, n: number, tabs: number): Promise<Sample> {
  // A context of its own per case: its tabs share one origin's locks and channels, and no case sees another's.
  const context = await browser.createBrowserContext();
  try {
    const pages: Page[] = [];
    for (let t = 0; t < tabs; t++) {
      const page = await context.newPage();
      await page.goto(`${server.origin}/${variant}?n=${n}`, { waitUntil: 'load' });
      pages.push(page);
    }
    if (variant === 'naive') await Promise.all(pages.map((page) => page.evaluate('window.startPolling()')));
    await Promise.all(pages.map((page) => allShown(page, variant, n)));
    await sleep(WARMUP_INTERVALS * INTERVAL_MS);
    const before: WireCounts = server.counts();
    const started = performance.now();
    await sleep(WINDOW_INTERVALS * INTERVAL_MS);
    const after = server.counts();
    const ended = performance.now();
    const delta = since(before, after);
    const requests = delta.requests[JODO_ENDPOINT] ?? 0;
    // Whole intervals from the window's first request: a poll's (or a burst of polls') own beat, not cut at the window's edges.
    const inWindow = server.jodoTimes().filter((t) => t >= started && t <= ended);
    const whole = inWindow.length ? Math.floor((ended - inWindow[0]!) / INTERVAL_MS) : 0;
    const perInterval = whole > 0 ? inWindow.filter((t) => t < inWindow[0]! + whole * INTERVAL_MS).length / whole : requests / ((ended - started) / INTERVAL_MS);
    const other = Object.entries(delta.requests).reduce((sum, [path, count]) => sum + (path === JODO_ENDPOINT ? 0 : count), 0);
    const visibility = await Promise.all(pages.map((page) => page.evaluate(() => document.visibilityState)));
    const roles =
      variant === 'ours'
        ? await Promise.all(pages.map((page) => page.evaluate(() => (document.querySelector('jodo-provider') as unknown as { status: { role: string } }).status.role)))
        : [];
    return { requests, perInterval, bytesIn: delta.bytesIn, bytesOut: delta.bytesOut, other, visibility, roles };
  } finally {
    await context.close();
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export async function run(options: BenchOptions): Promise<BenchSection> {
  const server = await startPageServer({ pages: { '/ours': oursPage, '/naive': naivePage }, scripts: { '/naive.js': NAIVE_SCRIPT } });
  const insert = sql(server.sandbox.db, 'INSERT INTO agents (login, apikey, userid, username, usertype, state, state_since) VALUES (?, ?, ?, ?, ?, ?, ?)');
  server.sandbox.db.transaction(() => {
    for (let i = 0; i < Math.max(...COUNTS); i++) insert.run(loginOf(i), APIKEY, 20_000 + i, `Agent ${i}`, 'User', AgentStates.Ready, Date.now() - i * 7_000);
  })();

  const samples = new Map<string, Sample[]>();
  const key = (variant: Variant, n: number, tabs: number) => `${variant} ${n} ${tabs}`;
  try {
    for (let r = 0; r < options.runs; r++) {
      const browser = await launchBenchBrowser();
      try {
        for (const tabs of TABS) {
          for (const n of COUNTS) {
            // The naive reference is measured in the first run only: its cost is N × T by construction, and its heavier cases take long.
            for (const variant of r === 0 ? (['ours', 'naive'] as const) : (['ours'] as const)) {
              const sample = await measureCase(browser, server, variant, n, tabs);
              const list = samples.get(key(variant, n, tabs)) ?? [];
              list.push(sample);
              samples.set(key(variant, n, tabs), list);
              options.log(
                `polling run ${r + 1}: ${variant}, ${n} elements × ${tabs} tabs: ${sample.requests} requests in ${WINDOW_INTERVALS} intervals (${num(sample.perInterval)}/interval), ${Math.round((sample.bytesIn + sample.bytesOut) / Math.max(1, sample.requests))} B/request${sample.other ? `, ${sample.other} other requests` : ''}${sample.roles.length ? `, roles ${sample.roles.join(' ')}` : ''}; tabs ${sample.visibility.join(' ')}`,
              );
            }
          }
        }
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }

  const pick = (variant: Variant, n: number, tabs: number, f: (s: Sample) => number) => median(samples.get(key(variant, n, tabs))!.map(f));
  const perRequest = (s: Sample) => (s.bytesIn + s.bytesOut) / Math.max(1, s.requests);
  /** Bytes per interval: bytes per request × requests per interval. */
  const perInterval = (s: Sample) => perRequest(s) * s.perInterval;

  const figures: Figure[] = [];
  for (const tabs of TABS) {
    for (const n of COUNTS) {
      figures.push({
        name: `Requests per interval, ${n} element${n > 1 ? 's' : ''} × ${tabs} tab${tabs > 1 ? 's' : ''}`,
        value: pick('ours', n, tabs, (s) => s.perInterval),
        unit: 'req',
        reference: { name: 'naive, each element polls', value: pick('naive', n, tabs, (s) => s.perInterval) },
        aim: '1 per interval',
        met: pick('ours', n, tabs, (s) => s.perInterval) <= 1.05,
      });
    }
  }
  for (const n of COUNTS) {
    figures.push({
      name: `Bytes per interval on the wire, ${n} element${n > 1 ? 's' : ''} × 1 tab`,
      value: pick('ours', n, 1, perInterval),
      unit: 'B',
      reference: { name: 'naive', value: pick('naive', n, 1, perInterval) },
    });
  }

  const caseRows = TABS.flatMap((tabs) =>
    COUNTS.map((n) => [
      `${n} × ${tabs}`,
      num(pick('ours', n, tabs, (s) => s.perInterval)),
      num(pick('naive', n, tabs, (s) => s.perInterval)),
      String(n * tabs),
      num(pick('ours', n, tabs, (s) => s.requests), 0),
      num(pick('naive', n, tabs, (s) => s.requests), 0),
      num(pick('ours', n, tabs, perInterval), 0),
      num(pick('naive', n, tabs, perInterval), 0),
    ]),
  );
  const byteRows = COUNTS.map((n) => {
    const ours = samples.get(key('ours', n, 1))!;
    const naive = samples.get(key('naive', n, 1))!;
    return [
      `${n} agent${n > 1 ? 's' : ''}`,
      num(median(ours.map((s) => s.bytesIn / Math.max(1, s.requests))), 0),
      num(median(ours.map((s) => s.bytesOut / Math.max(1, s.requests))), 0),
      num(median(ours.map(perRequest)), 0),
      num(median(naive.map(perRequest)), 0),
    ];
  });
  const roles = TABS.filter((t) => t > 1).map((tabs) => `${tabs} tabs: ${samples.get(key('ours', 100, tabs))!.map((s) => s.roles.join('/')).join('; ')}`);
  const visibility = [...new Set([...samples.values()].flatMap((list) => list.flatMap((s) => s.visibility)))].join(', ');
  const other = [...samples.values()].flat().reduce((sum, s) => sum + s.other, 0);

  const markdown = `Method: headless Chromium loads the page in 1 or 5 tabs of one browser context (one origin: the tabs share Web Locks and BroadcastChannel), against the in-process sandbox (100 agents, all Ready). The provider polls every ${INTERVAL_MS} ms (\`poll-interval\` and \`idle-poll-interval\` both ${INTERVAL_MS}). Once every element shows its agent and ${WARMUP_INTERVALS} more intervals have passed, the server counts the requests to the Jodo endpoint over a window of ${WINDOW_INTERVALS} intervals; requests per interval = the requests that arrive in the whole intervals that fit in the window from its first request on, ÷ that many intervals (so the window's edges do not cut a poll, or a burst of polls, in two). Bytes are counted at the server as the bytes read and written on its sockets over the window (HTTP/1.1 as on the wire: request line, headers and form body; status line, headers and JSON body), so they include everything the browser sends (cookies none here, \`user-agent\`, \`sec-ch-ua\`…). Each figure of ours is the median of ${options.runs} runs, each in a new browser; the naive reference is measured in the first run only (its cost is N × T by construction, and its 500-request intervals are slow to run). ${other ? `**${other} other requests** were seen during the windows.` : 'No other request reached the server during the windows.'} Tabs' visibility as the pages reported it: ${visibility} (with 5 tabs, the last opened is visible and the other 4 hidden, as in one browser window). The browser is driven over CDP without the Network domain, so the page's requests cost no DevTools events in the process that serves them.

Reference (measured, same run): a naive embedding of the same page, a few lines of script where each element polls userStatus for its own agent with \`setInterval\` (the same request as the client's: same headers and JSON envelope, one login), started once all tabs are open: N elements × T tabs requests per interval expected. Where the measured naive rate falls short of that, the browser (six connections per host) or the server could not keep up with it.

${table(['elements × tabs', 'ours: req/interval', 'naive: req/interval', 'naive expected', 'ours: requests in window', 'naive: requests in window', 'ours: B/interval', 'naive: B/interval'], caseRows)}

Our poll's wire cost by the number of agents it asks for (1 tab; one request carries every login):

${table(['agents in the poll', 'request B', 'response B', 'ours: B/request', 'naive: B/request (one agent each)'], byteRows)}

Each request is mostly headers: the browser's request headers alone are several hundred bytes, so N naive requests cost about N times one poll, while ours grows only by each agent's entry in the answer (about 190 B) and its login in the request.

Ours beats at the interval plus a round trip (the next poll is timed from the end of the last answer), so its rate is just under 1 per interval. Roles of the pollers in the 100-element case, per run: ${roles.join('; ')}.`;

  return { title: 'Polling cost', figures, markdown };
}

await runAlone(import.meta.url, run);
