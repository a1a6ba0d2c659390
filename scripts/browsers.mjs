// Finds the browsers the tests run in, installs them from Debian when run as root,
// and otherwise says exactly what to install. No browser is ever downloaded by npm.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { aptInstall } from './debian-packages.mjs';

export const BROWSERS = {
  chromium: { binary: '/usr/bin/chromium', packages: ['chromium'] },
  // 153 ESR or later: puppeteer's WebDriver BiDi sends commands (emulation.setScreenOrientationOverride) that 140 ESR lacks.
  firefox: { binary: '/usr/bin/firefox-esr', packages: ['firefox-esr'], minMajor: 153 },
  webkit: {
    binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
    packages: ['webkit2gtk-driver', 'xvfb'],
    also: ['/usr/bin/WebKitWebDriver', '/usr/bin/xvfb-run'],
  },
};

/** The browser's major version, or 0 when it cannot be read. */
const majorOf = (name) => Number(/(\d+)\./.exec(browserVersion(name))?.[1] ?? 0);
/** Installed, and not older than the tests need (an old one is upgraded as a missing one is installed). */
const present = (name) => [BROWSERS[name].binary, ...(BROWSERS[name].also ?? [])].every((f) => existsSync(f)) && majorOf(name) >= (BROWSERS[name].minMajor ?? 0);
const tooOld = (name) => existsSync(BROWSERS[name].binary) && !present(name);

/**
 * Makes sure the wanted browsers are there. Required ones that are missing and
 * cannot be installed end the run with the command to install them; optional
 * ones (WebKit) are left out with a note.
 */
export function ensureBrowsers(required, optional = []) {
  const missing = [...required, ...optional].filter((name) => !present(name));
  // apt-get is tried once per `npm test`, not again by each script it starts.
  if (missing.length && process.env.JODO_APT_TRIED !== '1') {
    process.env.JODO_APT_TRIED = '1';
    aptInstall(missing.flatMap((name) => BROWSERS[name].packages), 'test browsers');
  }
  const stillMissing = required.filter((name) => !present(name));
  if (stillMissing.length) {
    const packages = stillMissing.flatMap((name) => BROWSERS[name].packages).join(' ');
    const named = stillMissing.map((name) => (tooOld(name) ? `${name} ${BROWSERS[name].minMajor} or later (this one is ${browserVersion(name)})` : name));
    console.error(`\nThe browser tests need ${named.join(' and ')}. Install them with:\n  sudo apt-get update && sudo apt-get install -y ${packages}\n`);
    process.exit(1);
  }
  const available = [...required, ...optional.filter(present)];
  for (const name of optional.filter((n) => !present(n))) {
    console.log(`Note: ${name} is not installed (apt-get install -y ${BROWSERS[name].packages.join(' ')}); its run is left out.`);
  }
  return available;
}

export function browserVersion(name) {
  try {
    if (name === 'webkit') return execFileSync('dpkg-query', ['-W', '-f=${Version}', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' });
    return execFileSync(BROWSERS[name].binary, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown version';
  }
}
