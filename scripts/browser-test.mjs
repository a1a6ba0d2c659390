// Runs the browser tests once per browser (each run with its own sandbox) and
// writes the totals to .jodo/browser-summary.json.
// JODO_BROWSERS=chromium,firefox,webkit picks browsers; by default Chromium and
// Firefox are required and WebKit runs where it is installed.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { browserVersion, ensureBrowsers } from './browsers.mjs';
import { run } from './run-command.mjs';
import { ensureServers } from './servers.mjs';

const wanted = process.env.JODO_BROWSERS?.split(',').filter(Boolean);
const browsers = wanted ? ensureBrowsers(wanted) : ensureBrowsers(['chromium', 'firefox'], ['webkit']);
// The test server runs two gateway replicas on a real Redis (test/helpers/replicas-test-server.ts), and its sandbox speaks messenger processes' messages with espeak-ng.
ensureServers(['redis', 'espeak']);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => (socket.end(), resolve()));
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listens on port ${port}`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

async function runBrowser(name) {
  console.log(`\n=== Browser tests in ${name} (${browserVersion(name)}) ===`);
  const summaryFile = `.jodo/wtr-${name}-${process.pid}.json`;
  rmSync(summaryFile, { force: true });
  let driver;
  try {
    // A free port each run, so two runs (or anything else on 8000) never collide.
    const env = { JODO_BROWSERS: name, JODO_WTR_SUMMARY: summaryFile, JODO_WTR_PORT: String(await freePort()) };
    if (name === 'webkit') {
      const port = await freePort();
      driver = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], { stdio: 'ignore', detached: true });
      // A driver that cannot start fails this run at once (caught below), instead of after the port's deadline.
      const notStarted = new Promise((_, reject) => driver.once('error', (error) => reject(new Error(`xvfb-run could not be started: ${error.message}`))));
      await Promise.race([waitForPort(port, 20000), notStarted]);
      env.WEBKIT_DRIVER_PORT = String(port);
    }
    const code = await run(process.execPath, ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs'], env);
    let totals = { passed: 0, failed: 0 };
    try {
      totals = JSON.parse(readFileSync(summaryFile, 'utf8'));
      rmSync(summaryFile, { force: true });
    } catch {
      totals.failed = 1; // the runner died before reporting: never count that as green
    }
    if (code !== 0 && totals.failed === 0) totals.failed = 1;
    return totals;
  } catch (error) {
    console.error(`The ${name} run could not start: ${error.message}`);
    return { passed: 0, failed: 1 };
  } finally {
    if (driver) {
      try {
        process.kill(-driver.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
}

mkdirSync('.jodo', { recursive: true });
const totals = { passed: 0, failed: 0, browsers: {} };
for (const name of browsers) {
  const result = await runBrowser(name);
  totals.passed += result.passed;
  totals.failed += result.failed;
  totals.browsers[name] = result;
}
writeFileSync('.jodo/browser-summary.json', JSON.stringify(totals));
console.log(`\nBrowser tests: ${totals.passed} passed, ${totals.failed} failed (${browsers.join(', ')})`);
process.exit(totals.failed ? 1 : 0);
