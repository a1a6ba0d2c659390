// `npm test`: typecheck, the Node suites (node:test, over real HTTP), then the
// browser suites; ends with one line `N passed, N failed` totalling all of them.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBrowsers } from './browsers.mjs';
import { run } from './run-command.mjs';
import { ensureServers } from './servers.mjs';

function testFiles(dir, suffix) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => join(dir, f));
}

function readTotals(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

mkdirSync('.jodo', { recursive: true });
let passed = 0;
let failed = 0;

console.log('=== Typecheck ===');
const typecheck = await run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']);
if (typecheck === 0) passed++;
else failed++;

const skipBrowsers = process.env.JODO_SKIP_BROWSERS === '1' || process.argv.includes('--node-only');
// The demo's end-to-end test drives Chromium from Node, so the browsers come first.
if (!skipBrowsers) ensureBrowsers(['chromium', 'firefox'], ['webkit']);
ensureServers();
const nodeFiles = testFiles('test', '.node.test.ts').filter((f) => !(skipBrowsers && f.endsWith('.e2e.node.test.ts')));

console.log('\n=== Node tests ===');
const nodeSummary = '.jodo/node-summary.json';
rmSync(nodeSummary, { force: true });
const nodeCode = await run(process.execPath, [
  '--import', 'tsx',
  '--test',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=./scripts/node-count-reporter.mjs', `--test-reporter-destination=${nodeSummary}`,
  ...nodeFiles,
]);
const node = readTotals(nodeSummary) ?? { passed: 0, failed: 1 };
const nodeFailed = node.failed + (node.cancelled ?? 0) + (nodeCode !== 0 && node.failed === 0 ? 1 : 0);
passed += node.passed;
failed += nodeFailed;
console.log(`Node tests: ${node.passed} passed, ${nodeFailed} failed`);

if (skipBrowsers) {
  console.log('\nBrowser tests and the demo end-to-end test left out (JODO_SKIP_BROWSERS=1).');
} else {
  const browserSummary = '.jodo/browser-summary.json';
  rmSync(browserSummary, { force: true });
  const browserCode = await run(process.execPath, ['scripts/browser-test.mjs']);
  const browser = readTotals(browserSummary) ?? { passed: 0, failed: 1 };
  passed += browser.passed;
  failed += browser.failed + (browserCode !== 0 && browser.failed === 0 ? 1 : 0);
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
