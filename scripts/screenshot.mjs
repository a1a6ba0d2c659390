// `npm run screenshot`: the demo in headless Chromium, mid-call, written to
// docs/screenshots/ in English, Hindi and Arabic (right to left), each light
// and dark, and 360 px wide, so the look can be reviewed.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { createServer } from 'vite';
import { ensureBrowsers } from './browsers.mjs';

ensureBrowsers(['chromium']);
// Hindi needs a Devanagari font, which a minimal Debian lacks (Arabic is in DejaVu): without it the shots show boxes.
if (!execFileSync('fc-list', [':lang=hi'], { encoding: 'utf8' }).trim()) {
  if (process.getuid?.() === 0) execFileSync('sh', ['-c', 'apt-get install -y -qq fonts-lohit-deva || (apt-get update -qq && apt-get install -y -qq fonts-lohit-deva)'], { stdio: 'inherit' });
  else {
    console.error('No Devanagari font: sudo apt-get install -y fonts-lohit-deva');
    process.exit(1);
  }
}
process.env.JODO_SANDBOX_DB = ':memory:';
process.env.JODO_GATEWAY_STORE = ':memory:';
const server = await createServer({ configFile: 'vite.config.ts', logLevel: 'silent', server: { port: 0 } });
await server.listen();
const origin = server.resolvedUrls.local[0].replace(/\/$/, '');
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
mkdirSync('docs/screenshots', { recursive: true });

async function shoot(name, { width, height, scheme, language = 'en' }) {
  const page = await browser.newPage();
  await page.setViewport({ width, height });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  // Signed in through the gateway's demo sign-in, as the agent user1.
  await page.goto(`${origin}/jodo/login?return=/`, { waitUntil: 'load' });
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button[value="user1"]')]);
  await page.waitForFunction(() => document.querySelector('#me')?.textContent?.includes('user1'), { timeout: 15000 });
  // The demo's own switches, as an agent would use them: <html lang dir> and the theme file's class.
  await page.select('#language', language);
  await page.select('#theme', scheme);
  await page.$eval('#lead input[name=mobilenumber]', (el) => (el.value = '7507959484'));
  await page.$eval('#instant-call', (button) => button.click());
  // The call ends in Wrapup: the wrap-up opens and the customer pops.
  await page.waitForFunction(() => document.querySelector('jodo-toolbar')?.shadowRoot?.querySelector('jodo-disposition[open]'), { timeout: 15000 });
  await new Promise((resolve) => setTimeout(resolve, 800));
  const file = `docs/screenshots/${name}.png`;
  await page.screenshot({ path: file });
  console.log(`wrote ${file}`);
  await page.close();
}

/** The supervisor's page as user10: the team board with one agent talking and one past the wrap-up threshold. */
async function shootSupervisor(name, { scheme, language = 'en' }) {
  const control = (path, body) => fetch(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await control('/sandbox/agents/state', { login: 'tanmay.k', currentstatus: 5 });
  await control('/sandbox/agents/state', { login: 'user1', currentstatus: 7 });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  await page.goto(`${origin}/jodo/login?return=/supervisor.html`, { waitUntil: 'load' });
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button[value="user10"]')]);
  await page.select('#language', language);
  await page.select('#theme', scheme);
  await page.waitForFunction(() => document.querySelector('#board')?.rows?.every((row) => typeof row.state === 'number'), { timeout: 15000 });
  // A threshold the shot can show: user1 is past it.
  await page.$eval('#board', (board) => board.setAttribute('thresholds', '{"Wrapup": 1, "Hold": 120}'));
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const file = `docs/screenshots/${name}.png`;
  await page.screenshot({ path: file });
  console.log(`wrote ${file}`);
  await page.close();
  // The agents' own shots start from Ready.
  for (const login of ['tanmay.k', 'user1']) await control('/sandbox/agents/state', { login, currentstatus: 1 });
}

try {
  await shootSupervisor('supervisor-en-light', { scheme: 'light' });
  await shootSupervisor('supervisor-ar-dark', { scheme: 'dark', language: 'ar' });
  for (const language of ['en', 'hi', 'ar']) {
    for (const scheme of ['light', 'dark']) await shoot(`demo-${language}-${scheme}`, { width: 1280, height: 900, scheme, language });
  }
  await shoot('demo-narrow', { width: 360, height: 800, scheme: 'light' });
} finally {
  await browser.close();
  await server.close();
}
