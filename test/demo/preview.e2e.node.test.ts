/**
 * `npm run preview` end to end: the demo as `vite build` builds it (minified,
 * hashed), with the script tag and the autoloader beside it, served by Vite's
 * preview through the same gateway and sandbox as `npm start`, in headless
 * Chromium under the strict CSP: what a host serving the build gives its users.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import type { PreviewServer } from 'vite';
// @ts-expect-error: a plain .mjs build script without types
import { AUTOLOAD_DIR } from '../../scripts/autoload.mjs';
// @ts-expect-error: a plain .mjs build script without types
import { BUNDLE_NAME } from '../../scripts/bundle.mjs';
import { launchBrowser, recordViolations, violations, waitForDeep } from '../helpers/browser-page.js';
import { buildDemo, previewDemo } from '../helpers/built-demo.js';

const STATUS = ['jodo-toolbar', 'jodo-status', '[part=label]'];

describe('the built demo (npm run preview)', () => {
  // A folder of this test's own: dist/ belongs to `npm run build` and the pack test.
  const out = mkdtempSync(join(tmpdir(), 'jodo-preview-'));
  let server: PreviewServer;
  let browser: Browser;
  let origin: string;

  before(async () => {
    process.env['JODO_SANDBOX_DB'] = ':memory:';
    process.env['JODO_GATEWAY_STORE'] = ':memory:';
    await buildDemo(out);
    ({ server, origin } = await previewDemo(out));
    browser = await launchBrowser('chromium');
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(out, { recursive: true, force: true });
  });

  test('the legacy page and the CRM page show the agent through the built toolbar, under the strict CSP', async () => {
    for (const [path, login] of [['/legacy.html', 'rupesh.v@avhan.com'], ['/', 'user1']] as const) {
      const page = await browser.newPage();
      await recordViolations(page);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(`${origin}/jodo/login?return=${encodeURIComponent(path)}`, { waitUntil: 'load' });
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(`button[value="${login}"]`)]);
      await waitForDeep(page, STATUS, /Ready/);
      assert.deepEqual(await violations(page), [], `${path}: no policy broken`);
      assert.deepEqual(errors, [], `${path}: no error`);
      await page.close();
    }
  });

  test('files go compressed; hashed ones are kept for a year, pages and unhashed scripts checked again on each use', async () => {
    const headersOf = async (path: string) => {
      const response = await fetch(`${origin}${path}`, { headers: { 'accept-encoding': 'gzip' } });
      await response.arrayBuffer();
      assert.equal(response.status, 200, path);
      return { cache: response.headers.get('cache-control'), encoding: response.headers.get('content-encoding'), policy: response.headers.get('content-security-policy') };
    };
    // The largest of each (under 1 kB a file goes as it is: compressing it would gain nothing).
    const largest = (folder: string) => readdirSync(folder).filter((file) => file.endsWith('.js')).sort((a, b) => statSync(join(folder, b)).size - statSync(join(folder, a)).size)[0]!;
    const chunk = largest(join(out, AUTOLOAD_DIR, 'chunks'));
    const asset = largest(join(out, 'assets'));
    for (const path of [`/${AUTOLOAD_DIR}/chunks/${chunk}`, `/assets/${asset}`]) {
      assert.deepEqual({ ...(await headersOf(path)), policy: undefined }, { cache: 'public, max-age=31536000, immutable', encoding: 'gzip', policy: undefined }, path);
    }
    for (const path of ['/legacy.html', `/${AUTOLOAD_DIR}/jodo-autoloader.js`, `/${AUTOLOAD_DIR}/jodo-provider.js`, `/${BUNDLE_NAME}`]) {
      const { cache, encoding, policy } = await headersOf(path);
      assert.equal(cache, 'no-cache', path);
      assert.equal(encoding, 'gzip', path);
      assert.match(policy ?? '', /script-src 'self'/, path);
    }
  });
});
