/**
 * The package as a CRM developer gets it: `npm pack` (which builds dist/), a
 * throwaway app that installs the tarball from the npm cache, and the README's
 * examples taken verbatim from README.md (the fenced block after each
 * `<!-- example: NAME -->`), so README and test cannot drift:
 * - Node imports the Node-safe entries; the sandbox and the gateway from the
 *   installed package start and answer `userStatus`;
 * - the app's TypeScript typechecks against the installed types (no skipLibCheck),
 *   with `@ts-expect-error`s that only hold if the types are real;
 * - the React 19, Vue 3 and Svelte 5 examples built by vite and the Angular 21
 *   example by the Angular CLI, each served by README's `serve.mjs`
 *   (`startGatewayServer`: the app, the gateway and the sandbox on one origin)
 *   and signed in through its sign-in page; the plain HTML page with the
 *   script-tag bundle and with the autoloader, served by a CRM's own server
 *   (`createGateway` and `createSandbox`). Each in Chromium and Firefox under
 *   the strict CSP (with the Trusted Types policy its framework needs): the
 *   page opened as a dialer opens it, with a sandbox call in its address, pops
 *   the customer; the toolbar renders the agent's state, the app's handler
 *   hears `jodo-status-change`, the package's dark theme paints the toolbar and
 *   the app's own `--jodo-accent` its buttons, and the wrap-up, saved with the
 *   app's dispositions, reaches the sandbox with the call's systemcallid;
 * - svelte-check refuses a wrong attribute value, property type and handler on
 *   the tags (`jodo-toolbar/svelte`), and Angular's strictTemplates types each
 *   event's `$event` while CUSTOM_ELEMENTS_SCHEMA leaves property bindings
 *   unchecked, as README says.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { Browser, Page } from 'puppeteer-core';
import { pageCsp } from '../../src/server/http/page-policy.js';
import { DEMO_CSP } from '../../vite.config.js';
import { launchBrowser, onDeep, recordViolations, violations, waitForDeep, type Engine } from '../helpers/browser-page.js';

const run = promisify(execFile);
const REPO = process.cwd();
const README = readFileSync('README.md', 'utf8');
const repoPackage = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const repoLock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version: string }> };
const AGENT = 'user1';
const WRAPUP = 7;
const ENGINES: Engine[] = ['chromium', 'firefox'];
/** The sandbox fixture's VoiceProcess customer, whom a call pops. */
const CUSTOMER = { mobilenumber: '7507959484', name: /Tanmay K/ };
/**
 * What the repository does not build with itself, at the versions this test is written for: Angular 21.2 (the last
 * that runs on Node 20) and svelte-check, both of which need TypeScript 5.9 (the repository's own is 7).
 */
const PINNED = ['svelte-check@4.7.9', 'typescript@5.9.3', 'tslib@2.8.1', 'rxjs@7.8.2', '@angular/cli@21.2.29', '@angular/build@21.2.30',
  ...['core', 'common', 'compiler', 'compiler-cli', 'platform-browser'].map((name) => `@angular/${name}@21.2.26`)];

/** The apps README's `serve.mjs` serves (`startGatewayServer`): each app's build folder and its framework's Trusted Types policies. */
const SERVED: Record<string, { dist: string; trustedTypes: string[] }> = {
  react: { dist: 'dist', trustedTypes: [] },
  vue: { dist: 'dist', trustedTypes: ['vue'] },
  svelte: { dist: 'dist', trustedTypes: ['svelte-trusted-html'] },
  angular: { dist: 'dist/crm/browser', trustedTypes: [] },
};

/** Every file of the apps that README gives, by its path in the new app: the example's name. */
const EXAMPLE_FILES: Record<string, string> = {
  'react/src/main.tsx': 'react-app',
  'react/src/crm.css': 'theme-css',
  'vue/vite.config.ts': 'vue-config',
  'vue/src/main.ts': 'vue-main',
  'vue/src/Crm.vue': 'vue-component',
  'vue/src/crm.css': 'theme-css',
  'svelte/vite.config.ts': 'svelte-config',
  'svelte/src/main.ts': 'svelte-main',
  'svelte/src/Crm.svelte': 'svelte-component',
  'svelte/src/crm.css': 'theme-css',
  'angular/angular.json': 'angular-json',
  'angular/tsconfig.json': 'angular-tsconfig',
  'angular/src/index.html': 'angular-index',
  'angular/src/styles.css': 'angular-styles',
  'angular/src/main.ts': 'angular-main',
  'angular/src/app/crm.ts': 'angular-component',
  'html/index.html': 'html-page',
  'html/crm.js': 'html-script',
  'html/crm.css': 'theme-css',
};

/** Svelte markup each line of which svelte-check must refuse, by `jodo-toolbar/svelte`'s types. */
const WRONG_SVELTE = `<script lang="ts">
  const onCount = (count: number) => count;
</script>

<jodo-toolbar dock="sideways"></jodo-toolbar>
<jodo-toolbar dispositions={42}></jodo-toolbar>
<jodo-status onjodo-status-change={onCount}></jodo-status>
`;

/** The fenced block that follows `<!-- example: name -->` in README.md. */
function example(name: string): string {
  const match = README.match(new RegExp(`<!-- example: ${name} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\`\\n`));
  assert.ok(match, `README.md has the example "${name}"`);
  return `${match[1]}\n`;
}

/** A token's `#rrggbb` value in a stylesheet, as a computed colour. */
function tokenColour(css: string, token: string): string {
  const hex = new RegExp(`${token}:\\s*#([0-9a-f]{6})`, 'i').exec(css)?.[1];
  assert.ok(hex, `the stylesheet sets ${token} to a #rrggbb colour`);
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** A Vite app's page: the one file a new app brings from its template. */
const viteIndex = (mount: string, entry: string) =>
  `<!doctype html>\n<html lang="en"><head><meta charset="utf-8" /><title>CRM</title></head>\n<body><div id="${mount}"></div><script type="module" src="/src/${entry}"></script></body></html>\n`;

/**
 * A CRM's own server, written against the installed package only: the sandbox as
 * Jodo, the gateway in front of it (every request is the CRM's signed-in agent),
 * the sandbox's control API for the test, and the plain HTML pages with the
 * package's files, all under the strict CSP. Before it listens it checks the Node entries and asks
 * `userStatus` of the sandbox directly and through the gateway.
 */
const SERVER = `
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import * as root from 'jodo-toolbar';
import * as reactTypes from 'jodo-toolbar/react';
import { createGateway } from 'jodo-toolbar/server/gateway';
import { CONTROL_PREFIX, JODO_PATH, createSandbox } from 'jodo-toolbar/server/sandbox';

const [agent, csp] = process.argv.slice(2);
const sandbox = createSandbox({ dialer: false, tickMs: 0, log: (line) => console.error(line) });
const upstream = createServer((req, res) => void sandbox.handle(req, res)).listen(0, '127.0.0.1');
await new Promise((resolve) => upstream.once('listening', resolve));
const jodo = 'http://127.0.0.1:' + upstream.address().port + JODO_PATH;
const gateway = createGateway({
  upstream: jodo,
  apikey: 'test_org',
  authenticate: () => ({ login: agent, role: 'agent', servicekeys: ['VoiceProcess'], team: [] }),
});
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
const server = createServer((req, res) => {
  res.setHeader('content-security-policy', csp);
  void gateway.handle(req, res, () => {
    if (req.url.startsWith(CONTROL_PREFIX)) return void sandbox.handle(req, res);
    let path = decodeURIComponent(req.url.split('?')[0]);
    if (path.endsWith('/')) path += 'index.html';
    const file = join(process.cwd(), normalize(path).replace(/^([.][.][/\\\\])+/, ''));
    if (!existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': (types[extname(file)] ?? 'application/octet-stream') + '; charset=utf-8' });
    createReadStream(file).pipe(res);
  });
}).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const origin = 'http://127.0.0.1:' + server.address().port;
const state = async (client) => (await client.userStatus({ loginids: [agent] })).data.agents[0].stateLabel;
console.log(JSON.stringify({
  origin,
  rootExports: Object.keys(root).sort(),
  reactExports: Object.keys(reactTypes),
  direct: await state(new root.JodoClient({ endpoint: jodo, apikey: 'test_org', servicekey: 'VoiceProcess' })),
  viaGateway: await state(new root.JodoClient({ endpoint: origin + '/jodo', servicekey: 'VoiceProcess' })),
}));
process.on('SIGTERM', () => { server.close(); upstream.close(); gateway.close(); sandbox.close(); process.exit(0); });
`;

/** The app's own TypeScript against the installed types: every entry, README's React and Node examples, and proofs the types bite. */
const TYPES_CHECK = `
import { JodoClient, JodoStatus, JodoStatusChangeEvent, JodoToolbar } from 'jodo-toolbar';
import 'jodo-toolbar/define';
import 'jodo-toolbar/define/jodo-provider';
import 'jodo-toolbar/define/jodo-status';
import 'jodo-toolbar/define/jodo-disposition';
import 'jodo-toolbar/define/jodo-outbox';
import 'jodo-toolbar/define/jodo-call-guide';
import 'jodo-toolbar/define/jodo-recording-player';
import 'jodo-toolbar/define/jodo-toolbar';
import 'jodo-toolbar/jodo-toolbar.js';
import type { JodoIntrinsicElements } from 'jodo-toolbar/react';

const client = new JodoClient({ endpoint: '/jodo', servicekey: 'VoiceProcess' });
void client.userStatus({ loginids: ['user1'] });
// @ts-expect-error loginids is a list of logins
void client.userStatus({ loginids: 'user1' });

const status: JodoStatus = document.createElement('jodo-status');
const toolbar: JodoToolbar | null = document.querySelector('jodo-toolbar');
toolbar?.addEventListener('jodo-status-change', (event) => {
  const change: JodoStatusChangeEvent = event;
  void change.detail.current;
});
export const tags: (keyof JodoIntrinsicElements)[] = ['jodo-toolbar', status.localName as 'jodo-status'];

export const good = <jodo-toolbar dock="top" callback-window-days={7} onjodo-disposition-saved={(event) => void event.detail} />;
// @ts-expect-error dock is '', 'bottom' or 'top'
export const badProp = <jodo-toolbar dock="left" />;
// @ts-expect-error the handler receives a JodoStatusChangeEvent, not a KeyboardEvent
export const badHandler = <jodo-status onjodo-status-change={(event: KeyboardEvent) => event.key} />;
`;

const NODE_TYPES_CHECK = `
import { createSandbox, type Sandbox } from 'jodo-toolbar/server/sandbox';
import type { Identity } from 'jodo-toolbar/server/gateway';

declare const crmSessions: { verify(token: string): Identity | undefined };
declare const crmUsers: Record<string, unknown>[];
const sandbox: Sandbox = createSandbox({ db: ':memory:' });
// @ts-expect-error the dialer option is a boolean
createSandbox({ dialer: 'on' });
sandbox.close();

${example('node-gateway')}
${example('node-user-sync')}`;

describe('the packed package in a new app', () => {
  let work: string;
  let app: string;
  let tarball: string;
  let server: ChildProcess | undefined;
  /** The apps' own servers (`node serve.mjs` in each app's folder), by app. */
  const served = new Map<string, { process: ChildProcess; origin: string }>();
  /** What svelte-check said of the Svelte app, and the build of the Angular app with a wrong handler. */
  let svelteCheck: string;
  let angularWrong: string;
  let started: { origin: string; rootExports: string[]; reactExports: string[]; direct: string; viaGateway: string };
  const browsers = new Map<Engine, Browser>();
  const serverErrors: string[] = [];

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'jodo-pack-'));
    app = join(work, 'crm-app');
    // npm pack runs prepack: dist/ and custom-elements.json are built fresh.
    const packed = await run('npm', ['pack', '--pack-destination', work], { cwd: REPO, maxBuffer: 1 << 24 });
    tarball = join(work, packed.stdout.trim().split('\n').at(-1)!);
    assert.equal(tarball, join(work, `jodo-toolbar-${repoPackage.version}.tgz`));

    // The versions this repository is tested with (its lock), which the npm cache holds.
    const locked = (name: string) => `${name}@${repoLock.packages[`node_modules/${name}`]!.version}`;
    write(join(app, 'package.json'), JSON.stringify({ name: 'crm-app', private: true, type: 'module' }));
    await run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball,
        ...['react', 'react-dom', 'vue', 'svelte', '@types/react', '@types/react-dom', '@types/node', '@types/better-sqlite3', 'vite', '@vitejs/plugin-vue', '@sveltejs/vite-plugin-svelte'].map(locked),
        ...PINNED],
      { cwd: app, maxBuffer: 1 << 24 },
    );
    // The Node entries' optional peer, linked from this repository's build rather than compiled again.
    symlinkSync(realpathSync('node_modules/better-sqlite3'), join(app, 'node_modules/better-sqlite3'), 'dir');

    write(join(app, 'react/index.html'), viteIndex('root', 'main.tsx'));
    write(join(app, 'vue/index.html'), viteIndex('app', 'main.ts'));
    write(join(app, 'svelte/index.html'), viteIndex('app', 'main.ts'));
    for (const [file, name] of Object.entries(EXAMPLE_FILES)) write(join(app, file), example(name));
    // A legacy portal that loads the toolbar twice (its own tag, and a CRM widget's copy of it).
    const bundleTag = '<script src="/node_modules/jodo-toolbar/dist/jodo-toolbar.js" defer></script>';
    assert.ok(example('html-page').includes(bundleTag));
    write(join(app, 'html/twice.html'), example('html-page').replace(bundleTag, `${bundleTag}\n    <script src="/node_modules/jodo-toolbar/dist/jodo-toolbar.js?copy=2" defer></script>`));
    // The same page through the autoloader: each element's module fetched when its tag first appears.
    write(join(app, 'html/autoload.html'), example('html-page').replace(bundleTag, example('html-autoloader').trim()));
    for (const [name, { dist, trustedTypes }] of Object.entries(SERVED)) {
      const serve = example('try-server');
      assert.ok(serve.includes("app: 'dist',") && serve.includes('trustedTypes: [],'));
      write(join(app, name, 'serve.mjs'), serve.replace("app: 'dist',", `app: '${dist}',`).replace('trustedTypes: [],', `trustedTypes: ${JSON.stringify(trustedTypes)},`));
    }
    write(join(app, 'server.mjs'), SERVER);

    const vite = join(app, 'node_modules/vite/bin/vite.js');
    const ng = join(app, 'node_modules/@angular/cli/bin/ng.js');
    const quietNg = { ...process.env, NG_CLI_ANALYTICS: 'false', NO_COLOR: '1' };
    await Promise.all([
      ...['react', 'vue', 'svelte'].map((name) => run(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: join(app, name) })),
      run(process.execPath, [ng, 'build'], { cwd: join(app, 'angular'), env: quietNg, maxBuffer: 1 << 24 }),
    ]);

    // svelte-check over the app with a component of wrong uses beside it (built into nothing: main.ts does not import it).
    write(join(app, 'svelte/src/Wrong.svelte'), WRONG_SVELTE);
    write(join(app, 'svelte/tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: ['vite/client'], verbatimModuleSyntax: true, skipLibCheck: false }, include: ['src'] }));
    svelteCheck = await run(process.execPath, [join(app, 'node_modules/svelte-check/bin/svelte-check'), '--tsconfig', './tsconfig.json', '--output', 'machine'], { cwd: join(app, 'svelte'), maxBuffer: 1 << 24 }).then(
      (result) => result.stdout,
      (error: { stdout: string }) => error.stdout,
    );
    // The Angular app again, with a handler of the wrong type and property bindings no element has.
    cpSync(join(app, 'angular'), join(app, 'angular-wrong'), { recursive: true, filter: (source) => !source.includes(`${join(app, 'angular')}/dist`) });
    const component = example('angular-component');
    const wrongBindings = `<jodo-status (jodo-status-change)="onCount($event)" [dock]="'sideways'" [dispositon]="42"></jodo-status>`;
    write(
      join(app, 'angular-wrong/src/app/crm.ts'),
      component.replace('</jodo-provider>', `</jodo-provider>\n      ${wrongBindings}`).replace('  protected onStatusChange(', '  protected onCount(count: number) {\n    return count;\n  }\n\n  protected onStatusChange('),
    );
    angularWrong = await run(process.execPath, [ng, 'build'], { cwd: join(app, 'angular-wrong'), env: quietNg, maxBuffer: 1 << 24 }).then(
      () => 'built',
      (error: { stdout: string; stderr: string }) => `${error.stdout}\n${error.stderr}`,
    );

    server = spawn(process.execPath, ['server.mjs', AGENT, DEMO_CSP], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    createInterface({ input: server.stderr! }).on('line', (line) => serverErrors.push(line));
    started = JSON.parse(await firstLine(server, 'the CRM server'));
    for (const name of Object.keys(SERVED)) {
      const child = spawn(process.execPath, ['serve.mjs'], { cwd: join(app, name), env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
      createInterface({ input: child.stderr! }).on('line', (line) => serverErrors.push(`${name}: ${line}`));
      const said = await firstLine(child, `${name}/serve.mjs`);
      const origin = /Sign in as a sandbox agent at (http:\/\/127\.0\.0\.1:\d+)\/jodo\/login, then open \1\/$/.exec(said)?.[1];
      assert.ok(origin, `serve.mjs says where to sign in: ${said}`);
      served.set(name, { process: child, origin });
    }
  });

  /** The first line a child process writes, or its exit with what it wrote to stderr. */
  async function firstLine(child: ChildProcess, what: string): Promise<string> {
    const [line] = (await Promise.race([
      new Promise((resolve) => createInterface({ input: child.stdout! }).once('line', (l) => resolve([l]))),
      new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`${what} exited (${code}): ${serverErrors.join('\n')}`)))),
    ])) as [string];
    return line;
  }

  after(async () => {
    for (const browser of browsers.values()) await browser.close();
    server?.kill('SIGTERM');
    for (const { process: child } of served.values()) child.kill('SIGTERM');
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the tarball holds dist/ with types, the manifest and README, and nothing of the repository', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    for (const file of ['package.json', 'README.md', 'custom-elements.json', 'vscode.html-custom-data.json', 'vscode.css-custom-data.json', 'web-types.json', 'dist/react-jsx.generated.d.ts', 'dist/themes/light.css', 'dist/themes/dark.css', 'dist/index.js', 'dist/index.d.ts', 'dist/react.d.ts', 'dist/jodo-toolbar.js', 'dist/jodo-toolbar.hi.js', 'dist/jodo-toolbar.ar.js', 'dist/autoload/jodo-autoloader.js', 'dist/autoload/jodo-status.js', 'dist/server/gateway/index.js', 'dist/server/sandbox/index.d.ts']) {
      assert.ok(files.includes(file), `the tarball has ${file}`);
    }
    assert.deepEqual(files.filter((f) => !/^(dist\/|package\.json$|README\.md$|custom-elements\.json$|vscode\.(html|css)-custom-data\.json$|web-types\.json$)/.test(f)), []);
    assert.deepEqual(
      files.filter((f) => /^dist\/(demo|server\/cli)\//.test(f) && !/^dist\/server\/cli\/users\.(js|d\.ts)$/.test(f)),
      [],
      'no built demo; of the CLIs only jodo-users',
    );
    assert.deepEqual(files.filter((f) => f.endsWith('.js') && !f.startsWith('dist/themes/') && !files.includes(f.replace(/\.js$/, '.d.ts')) && !/^dist\/(jodo-toolbar(\.[a-z-]+)?\.js|autoload\/.+\.js)$/.test(f)), [], 'every module has its .d.ts (the script tag and the autoloader are for pages, not imports)');
  });

  test('every export of the installed package resolves to a file', () => {
    const installed = join(app, 'node_modules/jodo-toolbar');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>>; sideEffects: string[]; 'web-types': string };
    // WebStorm finds the web-types through package.json.
    assert.ok(existsSync(join(installed, manifest['web-types'])), `web-types -> ${manifest['web-types']}`);
    for (const [entry, target] of Object.entries(manifest.exports)) {
      for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
        // The patterns, by one of their files.
        const concrete = file.replace('jodo-*', 'jodo-status').replace('themes/*', 'themes/dark.css').replace('autoload/*', 'autoload/jodo-autoloader.js');
        assert.ok(existsSync(join(installed, concrete)), `${entry} -> ${concrete}`);
      }
    }
    // sideEffects: the define modules and the bundle (and theme stylesheets); every other module tree-shakes.
    const defines = readdirSync(join(installed, 'dist/define')).filter((f) => f.endsWith('.js'));
    assert.ok(defines.length >= 8);
    assert.deepEqual(manifest.sideEffects.filter((p) => p.startsWith('./dist/')), ['./dist/define/*.js', './dist/jodo-toolbar.js', './dist/themes/*.css']);
  });

  test('a bundler keeps only what is used: the client alone registers no tag and carries no element; a define entry registers its tag', async () => {
    const bundle = async (contents: string) =>
      (await build({ stdin: { contents, resolveDir: app, loader: 'js' }, bundle: true, write: false, format: 'esm', minify: true, platform: 'browser', logLevel: 'silent' })).outputFiles[0]!.text;
    const client = await bundle("import { JodoClient } from 'jodo-toolbar'; console.log(JodoClient);");
    assert.match(client, /userStatus/);
    assert.doesNotMatch(client, /customElements\.define|jodo-status|LitElement/);
    const status = await bundle("import 'jodo-toolbar/define/jodo-status';");
    assert.match(status, /customElements\.define/);
    assert.match(status, /"jodo-status"/);
  });

  test('Node: the root entry and the server entries load; the sandbox and the gateway answer userStatus', () => {
    for (const name of ['JodoClient', 'JodoApiError', 'JodoStatus', 'JodoToolbar', 'JodoStatusChangeEvent', 'jodoSessionContext', 'AGENT_STATES']) {
      assert.ok(started.rootExports.includes(name), `jodo-toolbar exports ${name}`);
    }
    assert.deepEqual(started.reactExports, [], 'jodo-toolbar/react is types only');
    assert.equal(started.direct, 'Ready');
    assert.equal(started.viaGateway, 'Ready');
  });

  test('npx jodo-users: the installed command runs (help, and a dry run of a CSV, which sends nothing)', async () => {
    const help = await run('npx', ['--no-install', 'jodo-users', '--help'], { cwd: app });
    assert.match(help.stdout, /^usage: jodo-users sync/);
    write(join(app, 'users.csv'), '\ufeffloginid,username,usertype,mediadetails,password\r\nasha.k@crm.example,"Asha K, Sales",User,Voice In,s3cret\r\nnot-an-email,X,User,Voice In,\r\n');
    const dry = await run('npx', ['--no-install', 'jodo-users', 'sync', 'users.csv', '--endpoint', 'http://127.0.0.1:9/jodo', '--dry-run'], { cwd: app }).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    assert.equal('code' in dry ? dry.code : 0, 1, 'the bad row makes it exit 1');
    assert.match(dry.stdout, /^2\s+asha\.k@crm\.example\s+add\s+planned$/m);
    assert.match(dry.stdout, /^3\s+-\s+-\s+bad row: loginid must be an e-mail address$/m);
    assert.ok(!existsSync(join(app, 'users.csv.jodo-sync.json')), 'a dry run writes no state');
  });

  test('TypeScript: every entry has real types (skipLibCheck off), the README React, gateway and user-sync examples included', async () => {
    write(join(app, 'types-check.tsx'), TYPES_CHECK);
    write(join(app, 'server-check.ts'), NODE_TYPES_CHECK);
    const options = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', noUncheckedSideEffectImports: true };
    write(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...options, lib: ['ES2022', 'DOM', 'DOM.Iterable'], jsx: 'react-jsx', types: ['vite/client'] }, files: ['types-check.tsx', 'react/src/main.tsx'] }));
    write(join(app, 'tsconfig.node.json'), JSON.stringify({ compilerOptions: { ...options, lib: ['ES2022'], types: ['node'], module: 'NodeNext', moduleResolution: 'NodeNext' }, files: ['server-check.ts'] }));
    const tsc = resolve(REPO, 'node_modules/typescript/bin/tsc');
    for (const project of ['tsconfig.json', 'tsconfig.node.json']) {
      const result = await run(process.execPath, [tsc, '-p', project], { cwd: app }).catch((error: { stdout: string }) => ({ stdout: error.stdout, failed: true }));
      assert.equal('failed' in result ? result.stdout : '', '', `${project} typechecks`);
    }
  });

  test('svelte-check: the Svelte app passes; a wrong attribute value, property type and handler on the tags are refused (jodo-toolbar/svelte)', () => {
    const errors = svelteCheck.split('\n').filter((line) => / ERROR /.test(line));
    assert.deepEqual(
      errors.map((line) => / ERROR "([^"]+)" (\d+):/.exec(line)!.slice(1).join(':')),
      ['src/Wrong.svelte:5', 'src/Wrong.svelte:6', 'src/Wrong.svelte:7'],
      svelteCheck,
    );
    assert.match(errors[0]!, /sideways.*' is not assignable to type '.*top.*bottom/);
    assert.match(errors[1]!, /'number' is not assignable to type 'DispositionMaster\[\]'/);
    assert.match(errors[2]!, /'JodoStatusChangeEvent' is not assignable to type 'number'/);
  });

  test("Angular: strictTemplates types each event's $event by its class; CUSTOM_ELEMENTS_SCHEMA leaves property bindings unchecked (README's notes)", () => {
    assert.notEqual(angularWrong, 'built', 'a handler of the wrong type fails the build');
    const errors = angularWrong.split('\n').filter((line) => /ERROR|error TS/.test(line));
    assert.equal(errors.length, 1, angularWrong);
    assert.match(errors[0]!, /TS2345: Argument of type 'JodoStatusChangeEvent' is not assignable to parameter of type 'number'/);
    assert.doesNotMatch(angularWrong, /NG8002|Can't bind to/, "bindings of properties the element lacks or of the wrong type pass (Angular would say NG8002 without the schema)");
  });

  for (const engine of ENGINES)
  for (const { name, app: appName, path, heard } of [
    { name: 'React 19 (vite build)', app: 'react', path: '/', heard: /Agent: Wrapup/ },
    { name: 'Vue 3 (vite build, SFC)', app: 'vue', path: '/', heard: /Agent: Wrapup/ },
    { name: 'Svelte 5 (vite build)', app: 'svelte', path: '/', heard: /Agent: Wrapup/ },
    { name: 'Angular 21 (ng build)', app: 'angular', path: '/', heard: /Agent: Wrapup/ },
    { name: 'plain HTML (script-tag bundle, no build)', app: 'html', path: '/html/', heard: /Agent: state 7/ },
    { name: 'plain HTML (the autoloader, no build)', app: 'html', path: '/html/autoload.html', heard: /Agent: state 7/ },
  ]) {
    test(`${engine}, ${name}: opened for a call, it pops the customer, shows the agent's state, the app hears jodo-status-change, its theme paints the toolbar, and the wrap-up is saved with the call's systemcallid, under the strict CSP`, async () => {
      if (!browsers.has(engine)) browsers.set(engine, await launchBrowser(engine));
      // A context of its own: each app's server signs in on its own port, and cookies do not tell ports apart.
      const context = await browsers.get(engine)!.createBrowserContext();
      const page: Page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await recordViolations(page);
      const viaServe = served.get(appName);
      const origin = viaServe?.origin ?? started.origin;
      try {
        // A call in the sandbox, as a dialer makes it; the agent is Ready again before the page opens.
        const call = (await control(origin, '/sandbox/calls', { login: AGENT, mobilenumber: CUSTOMER.mobilenumber, servicekey: 'VoiceProcess' })) as { systemcallid: string };
        await control(origin, '/sandbox/agents/state', { login: AGENT, currentstatus: 1 });
        // The address a dialer opens for the call.
        const address = `${path}?mobilenumber=${CUSTOMER.mobilenumber}&systemcallid=${call.systemcallid}&servicekey=VoiceProcess`;
        if (viaServe) {
          // The sandbox agent signs in on the demo sign-in page and is sent back to the address.
          await page.goto(`${origin}/jodo/login?return=${encodeURIComponent(address)}`, { waitUntil: 'load' });
          await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(`button[value="${AGENT}"]`)]);
          assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, address);
        } else {
          await page.goto(`${origin}${address}`, { waitUntil: 'load' });
        }
        await waitForDeep(page, ['jodo-toolbar', 'jodo-status', '[part=label]'], /Ready/);
        await waitForDeep(page, ['jodo-toolbar', 'jodo-call-guide', '#heading'], CUSTOMER.name);
        await control(origin, '/sandbox/agents/state', { login: AGENT, currentstatus: WRAPUP });
        // The CRM's page may ask for a fresh poll at once (else the next idle poll sees it).
        await page.evaluate(() => (document.querySelector('jodo-provider') as unknown as { status: { refresh(): Promise<void> } }).status.refresh());
        await waitForDeep(page, ['jodo-toolbar', 'jodo-status', '[part=label]'], /Wrapup/);
        // (Polled from here: Firefox's page.waitForFunction fails in a browser context of its own.)
        await waitForDeep(page, ['.agent-state'], heard);
        // Wrapup opens the wrap-up form; its Save button is painted with the accent the app's stylesheet set.
        await waitForDeep(page, ['jodo-toolbar', 'jodo-disposition[open]', '[part=submit]'], /\S/);
        const background = await page.evaluate(() => {
          const submit = document.querySelector('jodo-toolbar')!.shadowRoot!.querySelector('jodo-disposition[open]')!.shadowRoot!.querySelector('[part=submit]')!;
          return getComputedStyle(submit).backgroundColor;
        });
        assert.equal(background, tokenColour(example('theme-css'), '--jodo-accent'));
        // The bar itself wears the dark theme's surface, from the installed theme file.
        const darkTheme = readFileSync(join(app, 'node_modules/jodo-toolbar/dist/themes/dark.css'), 'utf8');
        assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('jodo-toolbar')!).backgroundColor), tokenColour(darkTheme, '--jodo-surface'));

        // The app's dispositions (a property it set) are the form's choices; the wrap-up is saved with the call.
        const DISPOSITION = ['jodo-toolbar', 'jodo-disposition'];
        assert.deepEqual(
          await page.evaluate(() => [...(document.querySelector('jodo-toolbar')!.shadowRoot!.querySelector('jodo-disposition')!.shadowRoot!.querySelectorAll('#outcome option'))].map((o) => (o as HTMLOptionElement).value).filter(Boolean)),
          ['1:1'],
          "the form offers the app's one disposition",
        );
        await onDeep(page, [...DISPOSITION, '#outcome'], 'choose', '1:1');
        await onDeep(page, [...DISPOSITION, '[part=submit]'], 'click');
        await waitForDeep(page, DISPOSITION, /Wrap-up saved/);
        const saved = ((await (await fetch(`${origin}/sandbox/dispositions`)).json()) as { dispositions: { login: string; systemcallid: string; dispomasterid: number; disporeasonid: number }[] }).dispositions;
        assert.deepEqual(
          saved.filter((d) => d.systemcallid === call.systemcallid).map(({ login, dispomasterid, disporeasonid }) => ({ login, dispomasterid, disporeasonid })),
          [{ login: AGENT, dispomasterid: 1, disporeasonid: 1 }],
          'saved once, with the systemcallid from the address',
        );

        const csp = (await fetch(page.url())).headers.get('content-security-policy');
        assert.equal(csp, viaServe ? pageCsp(SERVED[appName]!.trustedTypes) : DEMO_CSP);
        assert.deepEqual(await violations(page), []);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }

  test('the script-tag bundle loaded twice on one page, under Trusted Types: the second copy warns and does nothing, nothing throws, the toolbar works', async () => {
    if (!browsers.has('chromium')) browsers.set('chromium', await launchBrowser('chromium'));
    const page: Page = await browsers.get('chromium')!.newPage();
    const errors: string[] = [];
    const warnings: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => message.type() === 'warn' && warnings.push(message.text()));
    try {
      await control(started.origin, '/sandbox/agents/state', { login: AGENT, currentstatus: 1 });
      await page.goto(`${started.origin}/html/twice.html`, { waitUntil: 'load' });
      await waitForDeep(page, ['jodo-toolbar', 'jodo-status', '[part=label]'], /Ready/);
      assert.deepEqual(errors, []);
      assert.deepEqual(warnings.filter((text) => /Jodo/.test(text)), ['The Jodo toolbar script is already loaded on this page; this copy does nothing.']);
    } finally {
      await page.close();
    }
  });

  test("the CRM's servers logged nothing (no refusal, no failure)", () => {
    assert.deepEqual(serverErrors, []);
  });

  async function control(origin: string, path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(response.status, 200, await response.clone().text());
    return response.json();
  }
});
