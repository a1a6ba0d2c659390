import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { describeDuration, formatDuration } from '../../src/format/duration.js';

/** What Intl writes, as the functions wrote it before English skipped Intl: the reference for plain English. */
function viaIntl(totalSeconds: number, locale: string): { clock: string; words: string } {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  const two = (n: number) => new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false }).format(n);
  const one = (n: number) => new Intl.NumberFormat(locale, { useGrouping: false }).format(n);
  const unit = (n: number, name: string) => new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }).format(n);
  const parts = [...(h ? [unit(h, 'hour')] : []), ...(m ? [unit(m, 'minute')] : []), ...(s || (!h && !m) ? [unit(s, 'second')] : [])];
  return {
    clock: h > 0 ? `${one(h)}:${two(m)}:${two(s)}` : `${one(m)}:${two(s)}`,
    words: parts.length === 1 ? parts[0]! : new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }).format(parts),
  };
}

test('durations in English, written without Intl, read exactly as Intl writes them', () => {
  const samples = [0, 1, 2, 9, 10, 59, 60, 61, 75, 599, 3599, 3600, 3601, 3725, 7200, 86_399, 359_999, 3_600_000, 3_600_000 * 2 + 61];
  for (let i = 0; i < 300; i++) samples.push(Math.floor(Math.random() * 10 ** (1 + (i % 8))));
  for (const locale of ['en', 'en-US', 'en-GB', 'en-IN']) {
    for (const seconds of samples) {
      assert.deepEqual({ clock: formatDuration(seconds, locale), words: describeDuration(seconds, locale) }, viaIntl(seconds, locale), `${seconds} s in ${locale}`);
    }
  }
});

test('other languages and numbering systems still go through Intl', () => {
  for (const locale of ['ar', 'hi', 'en-u-nu-arab', 'fr']) {
    for (const seconds of [0, 75, 3725]) {
      assert.deepEqual({ clock: formatDuration(seconds, locale), words: describeDuration(seconds, locale) }, viaIntl(seconds, locale), `${seconds} s in ${locale}`);
    }
  }
});
