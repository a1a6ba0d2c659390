// Browser tests: real Chromium, Firefox ESR and (where it runs) WebKitGTK, each page
// talking over HTTP to a sandbox mounted in the test server itself.
// Run through scripts/browser-test.mjs, which finds or installs the browsers.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import puppeteerCore from 'puppeteer-core';
import { writeFileSync, mkdirSync } from 'node:fs';
import { createSandbox } from './src/server/sandbox/sandbox.ts';
import { autoloadTestServer } from './test/helpers/autoload-test-server.ts';
import { jwtTestIdp } from './test/helpers/jwt-test-idp.ts';
import { pushTestServer } from './test/helpers/push-test-server.ts';
import { replicasTestServer } from './test/helpers/replicas-test-server.ts';

const browsers = (process.env.JODO_BROWSERS ?? 'chromium,firefox').split(',').filter(Boolean);
const summaryFile = process.env.JODO_WTR_SUMMARY;

const launchers = {
  chromium: () =>
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        // gc() and exact heap sizes, for the long-shift test's memory check.
        args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc', '--enable-precise-memory-info'],
      },
    }),
  firefox: () =>
    chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: { browser: 'firefox', executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', headless: true },
    }),
  webkit: () =>
    webdriverLauncher({
      automationProtocol: 'webdriver',
      hostname: '127.0.0.1',
      port: Number(process.env.WEBKIT_DRIVER_PORT ?? 4444),
      capabilities: {
        'webkitgtk:browserOptions': {
          binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
          args: ['--automation'],
        },
      },
    }),
};

// One sandbox per run; scripts/browser-test.mjs runs one browser at a time and test
// files one after another (concurrency 1), so a file may reset it freely.
const sandbox = createSandbox({ db: ':memory:', dialer: false, log: () => {} });
const port = Number(process.env.JODO_WTR_PORT ?? 8000);
// A CRM's identity provider and a gateway trusting its tokens, under /jwt/ (test/server/gateway/jwt-sign-in.browser.test.ts).
const jwt = await jwtTestIdp(sandbox, port);
process.on('exit', () => jwt.close());
// A gateway with the demo sign-in streaming agents' states, under /push/ (test/status/status-stream.browser.test.ts).
const push = pushTestServer(sandbox);
process.on('exit', () => push.close());
// Two gateway replicas sharing a redis-server, behind a round-robin proxy at /replicas/jodo (test/server/gateway/replicas.browser.test.ts).
const replicas = await replicasTestServer(sandbox, port);
process.on('exit', () => replicas.close());
// The autoloader and its modules, built as `npm run build` builds them, at /autoload/ (test/autoloader/).
const autoload = autoloadTestServer();
// SIGINT ends the runner through 'exit'; a plain kill does not: stop Redis, then die of the signal as before.
for (const signal of ['SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    jwt.close();
    push.close();
    replicas.close();
    process.kill(process.pid, signal);
  });
}

/**
 * `executeServerCommand('jodo-emulate-media', { features })`: CSS media features
 * (forced-colors, prefers-color-scheme) through CDP or BiDi. Answers false where
 * the browser cannot emulate them, so a test can tell.
 */
function emulateMediaFeaturesPlugin() {
  // Puppeteer's own call refuses forced-colors; CDP takes any feature. A CDP session's emulation lasts as long as it does.
  const cdpSessions = new Map();
  return {
    name: 'jodo-emulate-media',
    async executeCommand({ command, payload, session }) {
      if (command !== 'jodo-emulate-media') return undefined;
      if (session.browser.type !== 'puppeteer') return false;
      const page = session.browser.getPage(session.id);
      try {
        if (page.browser().protocol !== 'cdp') {
          await page.emulateMediaFeatures(payload.features);
          return true;
        }
        if (!cdpSessions.has(session.id)) cdpSessions.set(session.id, await page.createCDPSession());
        await cdpSessions.get(session.id).send('Emulation.setEmulatedMedia', { features: payload.features });
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** Counts every test per browser for the closing `N passed, N failed` line. */
function summaryReporter() {
  const count = (suite, totals) => {
    for (const test of suite.tests ?? []) {
      if (test.skipped) continue;
      if (test.passed) totals.passed++;
      else totals.failed++;
    }
    for (const child of suite.suites ?? []) count(child, totals);
  };
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0 };
      for (const session of sessions) {
        if (session.testResults) count(session.testResults, totals);
        // A file that failed to load has no results: count it as a failure, never as nothing.
        if (!session.passed && (!session.testResults || session.errors?.length)) totals.failed++;
      }
      if (summaryFile) {
        mkdirSync('.jodo', { recursive: true });
        writeFileSync(summaryFile, JSON.stringify(totals));
      }
    },
  };
}

export default {
  // JODO_TEST_FILES=test/elements/status.browser.test.ts runs some files only.
  files: process.env.JODO_TEST_FILES ? process.env.JODO_TEST_FILES.split(',') : ['test/**/*.browser.test.ts'],
  port,
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 10 * 60 * 1000,
  browserStartTimeout: 120000,
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }), emulateMediaFeaturesPlugin()],
  middleware: [
    async (ctx, next) => {
      if (!autoload.owns(ctx.url)) return next();
      ctx.respond = false;
      await autoload.handle(ctx.req, ctx.res);
    },
    async (ctx, next) => {
      if (!replicas.owns(ctx.url)) return next();
      ctx.respond = false;
      await replicas.handle(ctx.req, ctx.res);
    },
    async (ctx, next) => {
      if (!push.owns(ctx.url)) return next();
      ctx.respond = false;
      await push.handle(ctx.req, ctx.res);
    },
    async (ctx, next) => {
      if (!jwt.owns(ctx.url)) return next();
      ctx.respond = false;
      await jwt.handle(ctx.req, ctx.res);
    },
    async (ctx, next) => {
      if (!sandbox.owns(ctx.url)) return next();
      ctx.respond = false;
      await sandbox.handle(ctx.req, ctx.res);
    },
  ],
  browsers: browsers.map((name) => {
    if (!launchers[name]) throw new Error(`unknown browser ${name}: use chromium, firefox or webkit`);
    return launchers[name]();
  }),
  reporters: [(await import('@web/test-runner')).defaultReporter(), summaryReporter()],
};
