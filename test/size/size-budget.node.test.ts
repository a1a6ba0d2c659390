/**
 * The size budget in `npm test` (so in CI): size-limit over `.size-limit.js`,
 * gzip bytes of the script-tag bundle and its language files as built, of
 * the autoloader and what a page fetches through it (file by file), and of
 * each element's ESM entry bundled alone with Lit. A check over its limit
 * fails with its size; bench/RESULTS.md has the aims beside these budgets.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
// @ts-expect-error: a plain .mjs build script without types
import { BUNDLE_NAME, buildLocaleFiles, buildToolbarBundle } from '../../scripts/bundle.mjs';
// @ts-expect-error: a plain .mjs build script without types
import { AUTOLOAD_DIR, AUTOLOAD_TAGS, buildAutoload } from '../../scripts/autoload.mjs';

interface Check {
  name: string;
  passed: boolean;
  size: number;
  sizeLimit: number;
}

// The script tag built into a directory of this test's own: dist/ belongs to `npm pack` (the pack test).
const dir = mkdtempSync(join(tmpdir(), 'jodo-size-'));
await buildToolbarBundle({ outfile: join(dir, BUNDLE_NAME) });
await buildLocaleFiles({ outdir: dir });
await buildAutoload({ outdir: join(dir, AUTOLOAD_DIR) });
const { stdout } = await promisify(execFile)(process.execPath, ['node_modules/size-limit/bin.js', '--json'], {
  env: { ...process.env, JODO_BUNDLE_DIR: dir },
  // size-limit exits 1 when a check is over its limit; its JSON still says which.
}).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
const checks = JSON.parse(stdout) as Check[];

describe('size budget (size-limit, gzip)', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('every check of .size-limit.js was measured', () => {
    assert.ok(checks.length >= 12, `size-limit measured ${checks.length} checks`);
    for (const check of checks) assert.ok(check.size > 500, `${check.name}: ${check.size} bytes is not a real build`);
    // The autoloader, the legacy page's first paint through it, and every element it loads.
    const autoloaded = checks.filter((check) => /autoloader/.test(check.name));
    assert.equal(autoloaded.length, 2 + (AUTOLOAD_TAGS as string[]).length, autoloaded.map((check) => check.name).join('; '));
  });

  for (const check of checks) {
    test(`${check.name}: within ${(check.sizeLimit / 1000).toFixed(1)} kB`, () => {
      assert.ok(check.passed && check.size <= check.sizeLimit, `${check.name} is ${check.size} bytes gzip, over its budget of ${check.sizeLimit}`);
    });
  }
});
