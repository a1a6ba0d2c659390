/**
 * `npm start` end to end: the vite dev server with the sandbox mounted and
 * the dialer on, the demo CRM and the legacy page in headless Chromium, and
 * the whole loop an agent goes through.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { createServer, type ViteDevServer } from 'vite';
import { deep, launchBrowser, onDeep, recordViolations, violations, waitForDeep } from '../helpers/browser-page.js';


/** Presses Play (Enter on the focused button) of the recording player in `host`'s shadow root, muted, and waits for the audio to run. */
async function pressPlay(page: Page, host: string): Promise<void> {
  await page.evaluate((host) => {
    const player = document.querySelector(host)!.shadowRoot!.querySelector('jodo-recording-player')!;
    player.shadowRoot!.querySelector('audio')!.muted = true;
    player.shadowRoot!.querySelector<HTMLButtonElement>('[part=play-button]')!.focus();
  }, host);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (host) => {
      const audio = document.querySelector(host)!.shadowRoot!.querySelector('jodo-recording-player')!.shadowRoot!.querySelector('audio')!;
      return !audio.paused && audio.currentTime > 0;
    },
    { timeout: 10000 },
    host,
  );
}

const TOOLBAR = ['jodo-toolbar'];
const STATUS = [...TOOLBAR, 'jodo-status', '[part=label]'];
const DISPOSITION = [...TOOLBAR, 'jodo-disposition'];

/** The demo runs the whole loop, under the strict CSP, in both engines the toolbar supports first. */
const ENGINES = ['chromium', 'firefox'] as const;

for (const engine of ENGINES) {
describe(`demo (npm start) in ${engine}`, () => {
  let server: ViteDevServer;
  let browser: Browser;
  let origin: string;
  const pageErrors: string[] = [];
  /** What the browser wrote in red in the console: a new user's first look must have none (a failed request shows there too). */
  const consoleErrors: string[] = [];
  const received: (string | Promise<string>)[] = [];
  /** What the dev server (gateway and sandbox included) logged during the run. */
  const logged: string[] = [];
  const realStderrWrite = process.stderr.write.bind(process.stderr);

  before(async () => {
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (realStderrWrite as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
    process.env['JODO_SANDBOX_DB'] = ':memory:';
    process.env['JODO_GATEWAY_STORE'] = ':memory:';
    process.env['JODO_DIALER_RING_MS'] = '400';
    process.env['JODO_DIALER_TALK_MS'] = '2000';
    server = await createServer({ configFile: 'vite.config.ts', logLevel: 'silent', server: { port: 0, strictPort: false } });
    await server.listen();
    origin = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
    browser = await launchBrowser(engine, ['--autoplay-policy=no-user-gesture-required']);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    process.stderr.write = realStderrWrite;
  });

  /** The page ran under the strict policy and broke none of it. */
  async function assertNoViolations(page: Page): Promise<void> {
    const policy = (await fetch(page.url())).headers.get('content-security-policy') ?? '';
    assert.match(policy, /script-src 'self'/);
    assert.match(policy, /require-trusted-types-for 'script'/);
    assert.match(policy, /trusted-types lit-html( vue)?$/);
    assert.deepEqual(await violations(page), []);
  }

  /** Opens a page as a signed-in agent: the page sends the browser to the gateway's sign-in, which sends it back. */
  async function open(path: string, login: string): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    // Every Content-Security-Policy violation of the run, for the strict-CSP test.
    await recordViolations(page);
    page.on('pageerror', (error) => pageErrors.push(`${path}: ${String(error)}`));
    page.on('console', (message) => void (message.type() === 'error' && consoleErrors.push(`${path}: ${message.text()} ${message.location().url ?? ''}`)));
    // Everything the browser receives, to prove the organisation key is in none of it.
    page.on('response', (response) => {
      const type = response.headers()['content-type'] ?? '';
      received.push(JSON.stringify(response.headers()));
      if (!/audio|octet-stream/.test(type) && response.request().method() !== 'OPTIONS' && ![301, 302, 303, 304].includes(response.status())) {
        // A body the page stopped reading (a closed page, a cancelled load) never resolves: read what arrives in time.
        received.push(Promise.race([response.text().catch(() => ''), new Promise<string>((resolve) => setTimeout(() => resolve(''), 2000))]));
      }
    });
    await page.goto(`${origin}/jodo/login?return=${encodeURIComponent(path)}`, { waitUntil: 'load' });
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(`button[value="${login}"]`)]);
    assert.equal(new URL(page.url()).pathname, path);
    return page;
  }

  test('a call arrives through the dialer, the customer pops, the wrap-up is saved and the recording plays', async () => {
    const page = await open('/', 'user1');
    await waitForDeep(page, STATUS, /Ready/);
    assert.match((await page.$eval('#me', (el) => el.textContent)) ?? '', /user1 \(agent\)/);
    await page.waitForFunction(() => document.querySelector('#customers tbody')!.textContent!.includes('Tanmay K'), { timeout: 10000 });
    await page.$eval('#lead input[name=name]', (el) => ((el as HTMLInputElement).value = 'Priya Sharma'));
    await page.$eval('#lead input[name=mobilenumber]', (el) => ((el as HTMLInputElement).value = '+919876500001'));
    await page.$eval('#lead button[type=submit]', (button) => (button as HTMLButtonElement).click());

    // The dialer rings user1: Dialling, Talking, then Wrapup.
    await waitForDeep(page, STATUS, /Dialling|Talking/);
    await waitForDeep(page, [...TOOLBAR, 'jodo-call-guide', '#heading'], /Priya Sharma/);
    await waitForDeep(page, STATUS, /Wrapup/);
    await page.waitForFunction(() => document.querySelector('jodo-toolbar')!.shadowRoot!.querySelector('jodo-disposition[open]'), { timeout: 10000 });
    assert.equal(await deep(page, [...DISPOSITION, '#contact'], 'value'), '+919876500001', 'the wrap-up knows the call');
    assert.match((await page.$eval('#record', (el) => el.textContent)) ?? '', /Priya Sharma/, 'the CRM record view shows the caller');

    await onDeep(page, [...DISPOSITION, '#outcome'], 'choose', '1:2');
    await onDeep(page, [...DISPOSITION, '#remarks'], 'type', 'Wants the premium plan');
    await onDeep(page, [...DISPOSITION, '[part=submit]'], 'click');
    await waitForDeep(page, STATUS, /Ready/);
    await waitForDeep(page, [...DISPOSITION], /Wrap-up saved/);

    // The finished call's recording, from the toolbar's Recording panel.
    await page.waitForFunction(
      () => {
        const buttons = [...document.querySelector('jodo-toolbar')!.shadowRoot!.querySelectorAll('.panel-buttons button')] as HTMLButtonElement[];
        const recording = buttons.find((b) => b.textContent!.trim() === 'Recording');
        if (recording && !recording.disabled) {
          recording.click();
          return true;
        }
        return false;
      },
      { timeout: 10000 },
    );
    const duration = await page.waitForFunction(
      () => {
        const player = document.querySelector('jodo-toolbar')!.shadowRoot!.querySelector('jodo-recording-player');
        const audio = player?.shadowRoot?.querySelector('audio');
        return audio && audio.src.startsWith(location.origin) && Number.isFinite(audio.duration) && audio.duration > 0 ? audio.duration : false;
      },
      { timeout: 15000 },
    );
    assert.ok(Number(await duration.jsonValue()) >= 2);
    // The agent presses Play: the recording runs.
    await pressPlay(page, 'jodo-toolbar');
    await assertNoViolations(page);
    await page.close();
  });

  test('the legacy page does the same from one script tag, the autoloader, configured by attributes', async () => {
    const page = await open('/legacy.html', 'rupesh.v@avhan.com');
    const scripts = await page.$$eval('script[src]', (all) => all.map((s) => (s as HTMLScriptElement).getAttribute('src')));
    assert.ok(scripts.includes('./autoload/jodo-autoloader.js'));
    await waitForDeep(page, STATUS, /Ready/);
    // Only the modules of the elements the page shows: the provider, the toolbar and what the toolbar renders.
    const modules = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname).filter((path) => /^\/autoload\/jodo-[a-z-]+\.js$/.test(path)),
    );
    for (const shown of ['provider', 'toolbar', 'status', 'disposition']) assert.ok(modules.includes(`/autoload/jodo-${shown}.js`), `<jodo-${shown}> fetched: ${modules}`);
    for (const absent of ['team-board', 'messenger', 'click-to-call', 'diagnostics']) assert.ok(!modules.includes(`/autoload/jodo-${absent}.js`), `<jodo-${absent}> not fetched: ${modules}`);

    await fetch(`${origin}/sandbox/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'rupesh.v@avhan.com', mobilenumber: '7507959484', servicekey: 'VoiceProcess' }),
    });
    await waitForDeep(page, STATUS, /Wrapup/);
    await waitForDeep(page, [...TOOLBAR, 'jodo-call-guide', '#heading'], /Tanmay K/);
    await onDeep(page, [...DISPOSITION, '#outcome'], 'choose', '2:3');
    await onDeep(page, [...DISPOSITION, '[part=submit]'], 'click');
    await waitForDeep(page, STATUS, /Ready/);

    // Languages are chunks of their own (autoload/chunks/ar-….js), imported when first chosen, under the same strict CSP.
    const loaded: string[] = [];
    page.on('response', (response) => loaded.push(`${response.status()} ${new URL(response.url()).pathname}`));
    await page.evaluate(() => document.querySelector('jodo-provider')!.setAttribute('lang', 'ar'));
    await waitForDeep(page, STATUS, /[\u0600-\u06FF]/);
    assert.ok(loaded.some((line) => /^200 \/autoload\/chunks\/ar-[A-Z0-9]+\.js$/.test(line)), `the Arabic chunk was fetched: ${loaded.join(', ')}`);
    await assertNoViolations(page);
    await page.close();
  });

  test("the legacy page's screen-pop link opens it with the call in its address: the customer pops", async () => {
    const page = await open('/legacy.html', 'dinesh.s@avhan.com');
    await waitForDeep(page, STATUS, /Ready/);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#screen-pop')]);
    await waitForDeep(page, [...TOOLBAR, '[part=call]'], /7507959484/);
    await waitForDeep(page, [...TOOLBAR, 'jodo-call-guide', '#heading'], /Tanmay K/);
    assert.equal(await page.$eval('jodo-provider', (el) => (el as unknown as { systemcallid: string }).systemcallid), '180717171728015031');
    await assertNoViolations(page);
    await page.close();
  });

  for (const { path, login, framework } of [
    { path: '/react.html', login: 'tanmay.k', framework: 'React 19' },
    { path: '/vue.html', login: 'dinesh.s@avhan.com', framework: 'Vue 3' },
  ]) {
    test(`the ${framework} page runs the same toolbar, and its own handler hears the agent's state change`, async () => {
      const page = await open(path, login);
      await waitForDeep(page, STATUS, /Ready/);
      assert.match((await page.$eval('#me', (el) => el.textContent)) ?? '', new RegExp(`${login} \\(agent\\)`));
      await fetch(`${origin}/sandbox/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login, mobilenumber: '7507959484', servicekey: 'VoiceProcess' }),
      });
      await waitForDeep(page, STATUS, /Wrapup/);
      await page.waitForFunction(() => /Ready → Wrapup/.test(document.querySelector('#changes')?.textContent ?? ''), { timeout: 10000 });
      await waitForDeep(page, [...TOOLBAR, 'jodo-call-guide', '#heading'], /Tanmay K/);
      await onDeep(page, [...DISPOSITION, '#outcome'], 'choose', '1:1');
      await onDeep(page, [...DISPOSITION, '[part=submit]'], 'click');
      await waitForDeep(page, STATUS, /Ready/);
      await page.waitForFunction(() => /Wrapup → Ready/.test(document.querySelector('#changes')?.textContent ?? ''), { timeout: 10000 });
      await assertNoViolations(page);
      await page.close();
    });
  }

  test('the element reference lists every attribute, property, event, slot, part and CSS property of the manifest, with live examples', async () => {
    // What `npm start` generates first; the page reads it from the dev server.
    execFileSync('npm', ['run', '--silent', 'manifest'], { stdio: 'ignore' });
    const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as {
      modules: { declarations?: { tagName?: string; attributes?: { name: string }[]; events?: { name: string }[]; slots?: { name: string }[]; cssParts?: { name: string }[]; cssProperties?: { name: string }[] }[] }[];
    };
    const page = await open('/docs.html', 'user1');
    await page.waitForFunction(() => document.querySelectorAll('section.element').length > 0 && !document.querySelector('#reference[aria-busy]'), { timeout: 15000 });
    const declarations = manifest.modules.flatMap((mod) => mod.declarations ?? []).filter((d) => d.tagName);
    assert.ok(declarations.length >= 7);
    for (const declaration of declarations) {
      // (No named function inside: the test's transpiler would wrap it in a helper the page does not have.)
      const tables = await page.evaluate(
        (tag, kinds) => {
          const section = document.querySelector(`section[data-tag="${tag}"]`);
          return section && kinds.map((kind) => [...section.querySelectorAll(`table[data-api="${kind}"] tbody tr td:first-child`)].map((td) => td.textContent));
        },
        declaration.tagName!,
        ['attributes', 'events', 'slots', 'css-parts', 'css-custom-properties'],
      );
      const [attributes, events, slots, parts, cssProperties] = tables ?? [];
      const listed = tables && { attributes, events, slots, parts, cssProperties };
      assert.ok(listed, `<${declaration.tagName}> has a section`);
      const tag = declaration.tagName;
      assert.deepEqual(listed.attributes, (declaration.attributes ?? []).map((a) => a.name), `${tag} attributes`);
      assert.deepEqual(listed.events, (declaration.events ?? []).map((e) => e.name), `${tag} events`);
      assert.deepEqual(listed.slots, (declaration.slots ?? []).map((s) => s.name || '(default)'), `${tag} slots`);
      assert.deepEqual(listed.parts, (declaration.cssParts ?? []).map((p) => `::part(${p.name})`), `${tag} parts`);
      assert.deepEqual(listed.cssProperties, (declaration.cssProperties ?? []).map((p) => p.name), `${tag} CSS properties`);
    }
    // The live examples run against the sandbox through the page's provider.
    await waitForDeep(page, ['[data-example-of="jodo-status"] jodo-status', '[part=label]'], /Ready/);
    await page.waitForFunction(() => document.querySelector('[data-example-of="jodo-recording-player"] jodo-recording-player')?.shadowRoot?.querySelectorAll('[part~=row]').length === 2, { timeout: 10000 });
    // The page's number (7507959484), or the agent's last call once the sandbox wiring reports it.
    await waitForDeep(page, ['[data-example-of="jodo-call-guide"] jodo-call-guide', '#heading'], /Tanmay K|Priya Sharma/);
    assert.match((await page.$eval('[data-example-of="jodo-status"] + pre', (pre) => pre.textContent)) ?? '', /<jodo-status><\/jodo-status>/, 'the markup is shown as written');
    await assertNoViolations(page);
    await page.close();
  });

  test('an agent clicks a number in the customer list and the dialer rings them with that customer', async () => {
    const agent = 'rupesh.v@avhan.com';
    await fetch(`${origin}/sandbox/agents/state`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: agent, currentstatus: 1 }) });
    const page = await open('/', agent);
    await waitForDeep(page, STATUS, /Ready/);
    await page.waitForFunction(() => [...document.querySelectorAll('#customers jodo-click-to-call')].some((el) => el.textContent === '7507959484'), { timeout: 10000 });
    // Enabled once the agent is known to be Ready; then one click.
    await page.waitForFunction(() => {
      const number = [...document.querySelectorAll('#customers jodo-click-to-call')].find((el) => el.textContent === '7507959484')!;
      return number.shadowRoot!.querySelector('[part=button]')?.getAttribute('aria-disabled') !== 'true';
    }, { timeout: 10000 });
    await page.evaluate(() => {
      const number = [...document.querySelectorAll('#customers jodo-click-to-call')].find((el) => el.textContent === '7507959484')!;
      number.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!.click();
    });
    await waitForDeep(page, STATUS, /Dialling|Talking|Wrapup/);
    const call = (await (await fetch(`${origin}/sandbox/agents/${encodeURIComponent(agent)}/call`)).json()) as { mobilenumber?: string };
    assert.equal(call.mobilenumber, '7507959484');
    await waitForDeep(page, [...TOOLBAR, 'jodo-call-guide', '#heading'], /Tanmay K/);
    await assertNoViolations(page);
    await page.close();
  });

  test('a supervisor sees the team live and reallocates a scheduled contact to another agent, whom the dialer then rings', async () => {
    await fetch(`${origin}/sandbox/agents/state`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'tanmay.k', currentstatus: 1 }) });
    const page = await open('/supervisor.html', 'user10');
    assert.match((await page.$eval('#me', (el) => el.textContent)) ?? '', /user10 \(supervisor\)/);
    // The board shows the supervisor's team from the gateway session: user1 and tanmay.k.
    await page.waitForFunction(() => {
      const board = document.querySelector('#board') as (Element & { rows: { login: string; state: unknown }[] }) | null;
      return board?.rows.length === 2 && board.rows.every((row) => typeof row.state === 'number');
    }, { timeout: 15000 });
    assert.deepEqual(await page.$eval('#board', (board) => (board as unknown as { rows: { login: string }[] }).rows.map((row) => row.login).sort()), ['tanmay.k', 'user1']);

    // A call scheduled for user1 in an hour; user1 is away.
    await page.$eval('#schedule input[name=mobilenumber]', (el) => ((el as HTMLInputElement).value = '9811122233'));
    await page.select('#schedule-agent', 'user1');
    await page.$eval('#schedule button[type=submit]', (button) => (button as HTMLButtonElement).click());
    await page.waitForFunction(() => /Scheduled/.test(document.querySelector('#schedule-status')!.textContent ?? ''), { timeout: 10000 });

    // From user1's row: the contact goes to tanmay.k, to be called now.
    await page.$eval('#board', (board) => {
      const row = [...board.shadowRoot!.querySelectorAll('[part~=row]')].find((r) => r.querySelector('.login')!.textContent === 'user1')!;
      row.querySelector('button')!.click();
    });
    await page.waitForFunction(() => document.querySelector('#board')!.shadowRoot!.querySelector('dialog')?.open === true, { timeout: 5000 });
    await onDeep(page, ['#board', '#contactnumber'], 'type', '9811122233');
    const now = new Date(Date.now() - 60_000);
    const local = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}T${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
    await onDeep(page, ['#board', '#calldatetime'], 'type', local);
    await onDeep(page, ['#board', '#to'], 'choose', 'tanmay.k');
    await onDeep(page, ['#board', 'dialog button[type=submit]'], 'click');
    assert.match(await waitForDeep(page, ['#board', 'dialog .confirm-text'], /from user1 to tanmay\.k/), /Give contact 9811122233 and its scheduled calls from user1 to tanmay\.k\?/);
    await onDeep(page, ['#board', 'dialog button.confirm'], 'click');
    await page.waitForFunction(() => /9811122233 moved from user1 to tanmay\.k/.test(document.querySelector('#board-status')!.textContent ?? ''), { timeout: 10000 });

    // The customer list's numbers became calls (scan), and its dates stayed text.
    await page.waitForFunction(() => [...document.querySelectorAll('#customers jodo-click-to-call')].some((el) => el.textContent === '9811122233'), { timeout: 10000 });
    const wrapped = await page.$$eval('#customers tbody tr', (rows) => rows.map((row) => [row.cells[1]!.querySelector('jodo-click-to-call') !== null, row.cells[2]!.querySelector('jodo-click-to-call') !== null]));
    assert.ok(wrapped.length >= 2 && wrapped.every(([number, date]) => number && !date), JSON.stringify(wrapped));

    // The dialer rings tanmay.k, and the board shows it.
    await page.waitForFunction(() => {
      const board = document.querySelector('#board') as unknown as { rows: { login: string; state: unknown }[] };
      return board.rows.some((row) => row.login === 'tanmay.k' && [8, 5, 7].includes(row.state as number));
    }, { timeout: 15000 });
    const call = (await (await fetch(`${origin}/sandbox/agents/tanmay.k/call`)).json()) as { mobilenumber?: string };
    assert.equal(call.mobilenumber, '9811122233');
    await assertNoViolations(page);
    await page.close();
  });

  test('the messenger page: a supervisor sends three reminders; each is spoken, then called, and its message plays', async () => {
    const page = await open('/messenger.html', 'user10');
    assert.match((await page.$eval('#me', (el) => el.textContent)) ?? '', /user10 \(supervisor\)/);
    const MESSENGER = ['#messenger'];
    // The three customers are pasted already: checked, then sent.
    await waitForDeep(page, MESSENGER, /Customers: 3\. All ready to send\./);
    await onDeep(page, [...MESSENGER, '[part=send]'], 'click');
    await page.waitForFunction(() => /Jodo has all 3 reminders/.test(document.querySelector('#messenger-status')!.textContent ?? ''), { timeout: 15000 });
    // Waiting for speech, ready to dial, then called: the live region says the counts.
    await waitForDeep(page, [...MESSENGER, '[role=status]'], /Called: 3\./, 'textContent', 45000);
    const stages = await page.$eval('#messenger', (el) => [...el.shadowRoot!.querySelectorAll('tbody tr')].map((row) => row.getAttribute('data-stage')));
    assert.deepEqual(stages, ['called', 'called', 'called']);
    // The first one's message, in place: through the gateway, once the call has played it.
    await onDeep(page, [...MESSENGER, 'tbody button'], 'click');
    await page.waitForFunction(
      () => {
        const player = document.querySelector('#messenger')!.shadowRoot!.querySelector('jodo-recording-player');
        const audio = player?.shadowRoot?.querySelector('audio');
        if (audio && audio.src.startsWith(location.origin) && Number.isFinite(audio.duration) && audio.duration > 0) return true;
        player?.shadowRoot?.querySelector<HTMLButtonElement>('[part=retry]')?.click();
        return false;
      },
      { timeout: 20000, polling: 500 },
    );
    await pressPlay(page, '#messenger');
    await assertNoViolations(page);
    await page.close();
  });

  test('the theme switch themes the toolbar and the page, and is kept across visits', async () => {
    const page = await open('/', 'user1');
    await waitForDeep(page, STATUS, /Ready|Dialling|Talking|Wrapup/);
    const colours = () => page.evaluate(() => ({ toolbar: getComputedStyle(document.querySelector('jodo-toolbar')!).backgroundColor, page: getComputedStyle(document.documentElement).backgroundColor }));
    await page.select('#theme', 'dark');
    await page.waitForFunction(() => getComputedStyle(document.querySelector('jodo-toolbar')!).backgroundColor === 'rgb(27, 31, 39)', { timeout: 5000 });
    const dark = await colours();
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => getComputedStyle(document.querySelector('jodo-toolbar')!).backgroundColor === 'rgb(27, 31, 39)', { timeout: 5000 });
    assert.equal(await page.$eval('#theme', (select) => (select as HTMLSelectElement).value), 'dark');
    await page.select('#theme', 'light');
    await page.waitForFunction(() => getComputedStyle(document.querySelector('jodo-toolbar')!).backgroundColor === 'rgb(255, 255, 255)', { timeout: 5000 });
    const light = await colours();
    assert.notEqual(dark.page, light.page, 'the page follows the switch too');
    await assertNoViolations(page);
    await page.close();
  });

  test('the pages raised no errors and wrote none in the console', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
  });

  test('the organisation key reached the browser nowhere: no page, script, answer or header held it', async () => {
    const texts = await Promise.all(received);
    assert.ok(texts.length > 50, `the scan saw the run (${texts.length} responses)`);
    assert.ok(texts.some((t) => t.includes('statusdata')), 'Jodo answers were scanned');
    assert.deepEqual(texts.filter((t) => t.includes('test_org')).map((t) => t.slice(0, 100)), []);
    assert.deepEqual(logged.filter((line) => line.includes('test_org')), [], 'no log line holds the key');
    // The sandbox's own Jodo endpoint (with its fixture key) is not on the page's origin: only the gateway is.
    const bypass = await fetch(`${origin}/CustomerWebServices/handleCustomerWS`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ data: JSON.stringify({ method: 'deleteUser', apikey: 'test_org', loginid: 'rupesh.v@avhan.com' }) }),
    });
    assert.doesNotMatch(await bypass.text(), /statusdesc/);
    const bundle = await (await fetch(`${origin}/jodo-toolbar.js`)).text();
    assert.ok(bundle.length > 10_000 && !bundle.includes('test_org'), 'the script-tag bundle holds no key');
    const provider = await (await fetch(`${origin}/autoload/jodo-provider.js`)).text();
    assert.ok(provider.length > 1_000 && !provider.includes('test_org'), "the autoloader's provider module holds no key");
  });
});
}
