/**
 * Push against polling on the wire, for one agent: headless Chromium loads a
 * page with `<jodo-provider session-url>` and a `<jodo-status>`, signed in to
 * a gateway (the page server's sandbox behind it), once with the gateway's
 * event stream and once with a gateway that offers none (so the provider
 * polls, every 5 s by default and every 2 s as the load benchmark's agents
 * do). The server counts the bytes read and written on every socket over the
 * window, headers included, and the requests; both are scaled to an hour.
 *
 * `npx tsx bench/push-bytes.ts` runs it alone.
 */
import { pino } from 'pino';
import type { Browser } from 'puppeteer-core';
import { createGateway, type Gateway } from '../src/server/gateway/gateway.js';
import { listenPrivately } from '../src/server/sandbox/private-listener.js';
import { median, num, runAlone, table, type BenchOptions, type BenchSection } from './lib/report.js';
import { launchBenchBrowser, since, startPageServer, type PageServer } from './lib/page-server.js';

const SERVICEKEY = 'VoiceProcess';
const LOGIN = 'user1';
/** The window counted, ms: long enough for several polls at 5 s and several heartbeats of a stream. */
const WINDOW_MS = 30_000;
const WARMUP_MS = 3000;

type Variant = { name: string; path: string; pollMs: number };
const VARIANTS: Variant[] = [
  { name: 'push (event stream)', path: '/push', pollMs: 5000 },
  { name: 'polling, poll-interval 5 s (the default)', path: '/poll', pollMs: 5000 },
  { name: 'polling, poll-interval 2 s', path: '/poll', pollMs: 2000 },
];

const page = (base: string, pollMs: number) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Push bytes</title>
<script src="/jodo-toolbar.js"></script></head><body>
<jodo-provider endpoint="${base}" session-url="${base}/session" servicekey="${SERVICEKEY}" poll-interval="${pollMs}"><jodo-status></jodo-status></jodo-provider>
</body></html>`;

interface Sample {
  bytes: number;
  requests: number;
  streaming: boolean;
}

async function measure(browser: Browser, server: PageServer, gateways: Record<string, Gateway>, variant: Variant): Promise<Sample> {
  const context = await browser.createBrowserContext();
  try {
    const gateway = gateways[variant.path]!;
    const id = await gateway.sessions.create({ login: LOGIN, role: 'agent', servicekeys: [SERVICEKEY], team: [] });
    const tab = await context.newPage();
    await tab.setCookie({ name: 'jodo_session', value: id, url: server.origin, httpOnly: true, sameSite: 'Strict' });
    await tab.goto(`${server.origin}${variant.path}?poll=${variant.pollMs}`, { waitUntil: 'load' });
    await tab.waitForFunction(() => (document.querySelector('jodo-status') as unknown as { state?: number } | null)?.state !== undefined, { timeout: 30_000, polling: 50 });
    await new Promise((done) => setTimeout(done, WARMUP_MS));
    const before = server.counts();
    await new Promise((done) => setTimeout(done, WINDOW_MS));
    const delta = since(before, server.counts());
    const streaming = await tab.evaluate(() => (document.querySelector('jodo-provider') as unknown as { status: { streaming: boolean } }).status.streaming);
    const requests = Object.values(delta.requests).reduce((a, b) => a + b, 0);
    return { bytes: delta.bytesIn + delta.bytesOut, requests, streaming };
  } finally {
    await context.close();
  }
}

export async function run(options: BenchOptions): Promise<BenchSection> {
  const logger = pino({ level: 'silent' });
  const gateways: Record<string, Gateway> = {};
  const server = await startPageServer({
    pages: { '/push': (q) => page('/push/jodo', Number(q.get('poll'))), '/poll': (q) => page('/poll/jodo', Number(q.get('poll'))) },
    route: (req, res) => {
      const gateway = Object.entries(gateways).find(([path]) => req.url?.startsWith(`${path}/jodo`))?.[1];
      if (!gateway) return false;
      void gateway.handle(req, res);
      return true;
    },
  });
  const upstream = listenPrivately((req, res) => void server.sandbox.handle(req, res));
  const common = { upstream: upstream.url, upstreamSocketPath: upstream.socketPath, apikey: 'test_org', logger, publicOrigins: [server.origin] };
  gateways['/push'] = createGateway({ ...common, basePath: '/push/jodo' });
  gateways['/poll'] = createGateway({ ...common, basePath: '/poll/jodo', events: false });

  const samples = new Map<string, Sample[]>(VARIANTS.map((v) => [v.name, []]));
  try {
    for (let r = 0; r < options.runs; r++) {
      const browser = await launchBenchBrowser();
      try {
        for (const variant of VARIANTS) {
          const sample = await measure(browser, server, gateways, variant);
          samples.get(variant.name)!.push(sample);
          options.log(`push bytes run ${r + 1}: ${variant.name}: ${sample.bytes} B and ${sample.requests} requests in ${WINDOW_MS / 1000} s${sample.streaming ? ' (streaming)' : ''}`);
        }
      } finally {
        await browser.close();
      }
    }
  } finally {
    await Promise.all(Object.values(gateways).map((g) => g.close()));
    upstream.close();
    await server.close();
  }

  const perHour = (s: Sample) => (s.bytes * 3600_000) / WINDOW_MS;
  const pick = (name: string, f: (s: Sample) => number) => median(samples.get(name)!.map(f));
  const push = VARIANTS[0]!.name;
  const rows = VARIANTS.map((v) => [v.name, num(pick(v.name, perHour) / 1000, 0), num(pick(v.name, (s) => (s.requests * 3600_000) / WINDOW_MS), 0), samples.get(v.name)!.every((s) => s.streaming) ? 'yes' : samples.get(v.name)!.some((s) => s.streaming) ? 'some runs' : 'no']);
  const markdown = `Method: headless Chromium loads a page with \`<jodo-provider session-url>\` and one \`<jodo-status>\`, signed in to a gateway (an agent's session cookie) in front of the page server's sandbox, its agent Ready and unchanged. Once the status shows and ${WARMUP_MS / 1000} s more have passed, the server counts every byte read and written on its sockets for ${WINDOW_MS / 1000} s (HTTP/1.1 as on the wire, headers included: the browser's request headers are most of a poll) and every request; both are scaled to an hour. Push: the gateway offers its event stream; the page asks to be told of the gateway poller's good rounds as often as it would poll (\`confirm=5000\`, so that unchanged states are known fresh), and the stream carries a heartbeat every 15 s. Polling: the same page against a gateway without events (\`events: false\`), so the provider polls userStatus: at its \`poll-interval\` while the agent is on a call, twice as long while the agent is idle, as here (Ready). Median of ${options.runs} runs, each in a new browser. A state change adds about 300 B to the stream (its status event) and nothing to a poll.

${table(['one agent', 'kB per hour on the wire', 'requests per hour', 'streaming'], rows)}

Push costs ${num(pick(VARIANTS[1]!.name, perHour) / Math.max(1, pick(push, perHour)), 1)} times fewer bytes than polling at the default interval and ${num(pick(VARIANTS[2]!.name, perHour) / Math.max(1, pick(push, perHour)), 1)} times fewer than at 2 s, with no request at all once the stream is open (and none of Jodo's: the gateway asks once for every agent).`;

  return {
    title: 'Push against polling on the wire',
    figures: [
      {
        name: 'Bytes per hour on the wire, one agent, push',
        value: pick(push, perHour) / 1000,
        unit: 'kB',
        reference: { name: 'polling at the default interval', value: pick(VARIANTS[1]!.name, perHour) / 1000 },
        aim: 'less than polling',
        met: pick(push, perHour) < pick(VARIANTS[1]!.name, perHour),
      },
    ],
    markdown,
  };
}

await runAlone(import.meta.url, run);
