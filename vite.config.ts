import type { ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin, type PreviewServer, type ViteDevServer } from 'vite';
// @ts-expect-error: a plain .mjs build script without types
import { BUNDLE_NAME, buildLocaleFiles, buildToolbarBundle } from './scripts/bundle.mjs';
// @ts-expect-error: a plain .mjs build script without types
import { AUTOLOADER_NAME, AUTOLOAD_DIR, buildAutoload } from './scripts/autoload.mjs';
import { DEMO_USERS } from './src/server/gateway/demo-users.js';
import { createGateway, type Gateway } from './src/server/gateway/gateway.js';
import { CONTROL_PREFIX } from './src/server/sandbox/control-paths.js';
import { listenPrivately } from './src/server/sandbox/private-listener.js';
import { PAGE_HEADERS, pageCsp } from './src/server/http/page-policy.js';
import { createSandbox, type Sandbox } from './src/server/sandbox/sandbox.js';

const env = (name: string) => process.env[name] || undefined;

/** The strict policy the demo pages run under (page-policy.ts): README lists what an integrator must allow. */
export const DEMO_CSP = pageCsp();
/** The Vue page's policy: Vue's runtime creates a Trusted Types policy named `vue` when the browser has them. */
export const VUE_DEMO_CSP = pageCsp(['vue']);
/** Headers every answer of the dev server carries besides the policy (page-policy.ts); a host serving the built demo must add them too (README). */
export const DEMO_HEADERS = PAGE_HEADERS;

/**
 * Paths the dev server never serves, through `/@fs/` or any other way: the
 * stores (customer records, sessions, stored answers) and their SQLite
 * companions wherever they are, plus Vite's own defaults, which a `deny` list
 * replaces rather than extends. A pattern without a slash matches a name in
 * any folder; one with a slash matches the absolute path, hence the `**` in front.
 */
export const DENIED_FILES = [
  // Vite's defaults.
  '.env',
  '.env.*',
  '*.{crt,pem,key,p12,pfx,cer,der}',
  '.npmrc',
  '.yarnrc.yml',
  '**/.git/**',
  // The project's private folder (stores, test summaries) and SQLite files anywhere.
  '**/.jodo/**',
  '**/*.db',
  '**/*.db-wal',
  '**/*.db-shm',
  '**/*.db-journal',
];

/**
 * The origins a browser reaches the dev server at, once it listens (before, none): the
 * gateway's `publicOrigins`, so that a rebound DNS name or another local port is not taken for it.
 */
export function devServerOrigins(server: Pick<ViteDevServer | PreviewServer, 'httpServer'>): string[] {
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') return [];
  return [`http://127.0.0.1:${address.port}`, `http://localhost:${address.port}`];
}

/**
 * Under `npm start` everything is same-origin, so no answer lets another origin read it, whichever part
 * writes it (the sandbox's recordings allow any origin, for `npm run sandbox` on a port of its own). Once a
 * header is set, Node passes every later one, writeHead's included, through setHeader or appendHeader.
 */
function dropCorsHeaders(res: ServerResponse): void {
  const cors = (name: string) => /^access-control-/i.test(name);
  const setHeader = res.setHeader.bind(res);
  const appendHeader = res.appendHeader.bind(res);
  res.setHeader = (name, value) => (cors(name) ? res : setHeader(name, value));
  res.appendHeader = (name, value) => (cors(name) ? res : appendHeader(name, value));
}

/**
 * The autoloader and its modules (`/autoload/…`), built when a page asks for the loader (so an edit shows on the
 * next reload) and kept for the modules it then imports. What an earlier build made stays answerable: a page
 * loaded just before a rebuild still finds its chunks.
 */
let autoloadFiles: Promise<Map<string, string>> | undefined;
const autoloadServed = new Map<string, string>();
function serveAutoload(path: string, res: ServerResponse): void {
  if (path === AUTOLOADER_NAME || !autoloadFiles) autoloadFiles = buildAutoload() as Promise<Map<string, string>>;
  autoloadFiles.then(
    (files) => {
      for (const [name, text] of files) autoloadServed.set(name, text);
      const code = autoloadServed.get(path);
      res.writeHead(code === undefined ? 404 : 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(code ?? '');
    },
    (error: Error) => {
      autoloadFiles = undefined;
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`The autoloader did not build: ${error.message}`);
    },
  );
}

/**
 * `npm start` in one process: the demo, the gateway the demo talks to at
 * `/jodo` (the only place the organisation key lives), and the sandbox as the
 * gateway's upstream, plus the script-tag bundle and the autoloader the legacy
 * pages load, built fresh. Set JODO_UPSTREAM and JODO_APIKEY to put a real Jodo behind the
 * gateway instead.
 */
function jodoDevServer(): Plugin {
  return {
    name: 'jodo-dev-server',
    configureServer: (server) => mountJodo(server, 'dev'),
    configurePreviewServer: (server) => mountJodo(server, 'preview'),
  };
}

/** A server the demo runs on: Vite's dev server (`npm start`) or its preview of the build (`npm run preview`). */
type DemoServer = Pick<ViteDevServer | PreviewServer, 'httpServer' | 'middlewares'>;

/** Hashed by the build (Vite's assets, the autoloader's chunks): the same name never holds other bytes. */
const HASHED = /^\/(assets|autoload\/chunks)\//;

/**
 * Vite's preview serves every file `no-cache` (revalidated on each use); a hashed one never changes, so it
 * may be kept for a year without asking, as a host serving the build should. Its answer's own headers are
 * given to writeHead, which would put theirs over one set before: they are changed there.
 */
function keepForGood(res: ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    for (const headers of args) {
      if (!headers || typeof headers !== 'object' || Array.isArray(headers)) continue;
      for (const name of Object.keys(headers)) if (name.toLowerCase() === 'cache-control') delete (headers as Record<string, unknown>)[name];
    }
    this.setHeader('cache-control', 'public, max-age=31536000, immutable');
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
}

/**
 * Mounts the gateway at `/jodo` and, unless JODO_UPSTREAM is set, the sandbox behind it, with the demo's policy
 * and headers on every answer. In `dev` the script tag and the autoloader are built fresh on request; in
 * `preview` the build's own files are served as a host would serve them: gzip-compressed (Vite's preview
 * does that), hashed files kept for a year, everything else checked again on each use.
 */
function mountJodo(server: DemoServer, mode: 'dev' | 'preview'): void {
  let sandbox: Sandbox | undefined;
  const upstream = env('JODO_UPSTREAM');
  // The sandbox's Jodo endpoint (and its fixture key) listens on a Unix socket in a private folder that only the
  // gateway calls: no TCP port a page, or another site, could reach around the gateway.
  const internal = upstream ? undefined : listenPrivately((req, res) => void sandbox?.handle(req, res));
  if (!upstream) {
    sandbox = createSandbox({
      db: env('JODO_SANDBOX_DB') ?? '.jodo/sandbox.db',
      ...(env('JODO_DIALER_RING_MS') || env('JODO_DIALER_TALK_MS')
        ? { timings: { ringMs: Number(env('JODO_DIALER_RING_MS') ?? 3000), talkMs: Number(env('JODO_DIALER_TALK_MS') ?? 8000) } }
        : {}),
    });
  }
  const apikey = env('JODO_APIKEY') ?? (upstream ? undefined : 'test_org');
  if (!apikey) throw new Error('JODO_UPSTREAM is set: set JODO_APIKEY to its organisation key too.');
  const gateway: Gateway = createGateway({
    upstream: internal?.url ?? upstream!,
    ...(internal ? { upstreamSocketPath: internal.socketPath } : {}),
    // Answers only to the server's own names (known once it listens), whatever Host a rebinding page sends.
    publicOrigins: () => devServerOrigins(server),
    apikey,
    store: env('JODO_GATEWAY_STORE') ?? '.jodo/gateway.db',
    // The demo sign-in page offers the sandbox's users; a real Jodo brings its own sign-in.
    ...(upstream ? {} : { users: DEMO_USERS }),
  });
  server.middlewares.use((req, res, next) => {
    const path = req.url?.split('?')[0] ?? '/';
    res.setHeader('content-security-policy', path === '/vue.html' ? VUE_DEMO_CSP : DEMO_CSP);
    for (const [name, value] of Object.entries(DEMO_HEADERS)) res.setHeader(name, value);
    dropCorsHeaders(res);
    const file = path.slice(1);
    if (mode === 'dev' && file.startsWith(`${AUTOLOAD_DIR}/`)) return void serveAutoload(file.slice(AUTOLOAD_DIR.length + 1), res);
    if (mode === 'dev' && (file === BUNDLE_NAME || /^jodo-toolbar\.[a-z-]+\.js$/i.test(file))) {
      // The bundle and its languages (jodo-toolbar.hi.js), built fresh.
      (file === BUNDLE_NAME ? buildToolbarBundle() : buildLocaleFiles().then((files: Record<string, string>) => files[file])).then(
        (code: string | undefined) => {
          res.writeHead(code === undefined ? 404 : 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
          res.end(code ?? '');
        },
        (error: Error) => {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(`The toolbar bundle did not build: ${error.message}`);
        },
      );
      return;
    }
    // The demo's own wiring uses the sandbox's control API (calls, the agent's call); never its Jodo endpoint.
    void gateway.handle(req, res, () => {
      if (sandbox && req.url?.startsWith(CONTROL_PREFIX)) return void sandbox.handle(req, res, next);
      if (mode === 'preview' && HASHED.test(path)) keepForGood(res);
      next();
    });
  });
  server.httpServer?.once('close', () => {
    internal?.close();
    gateway.close();
    sandbox?.close();
  });
}

/** The demo's pages; each is built into dist/demo (add a page here). */
export const PAGES = ['index', 'supervisor', 'messenger', 'legacy', 'docs', 'react', 'vue'];

export default defineConfig({
  root: 'demo',
  plugins: [
    jodoDevServer(),
    // Vue's template compiler leaves the jodo- tags to the browser (custom elements).
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('jodo-') } } }),
  ],
  // React 19's automatic JSX runtime for demo/react/*.tsx (no React plugin needed to build).
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  // This worktree's own pre-bundled dependencies (node_modules may be shared between checkouts).
  cacheDir: resolve('.jodo/vite'),
  // The frameworks' modules (the JSX runtime is imported by the transform, which the dependency scan does not see):
  // pre-bundled at start, so a first visit to a framework page does not make the dev server reload it.
  optimizeDeps: { include: ['react', 'react-dom/client', 'react/jsx-dev-runtime', 'vue'] },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // Vite answers any localhost origin's requests with CORS by default: another local page could read
    // the sandbox's control API (every agent's call and customer) or the demo's modules. Same origin only.
    cors: false,
    fs: { deny: DENIED_FILES },
  },
  // `npm run preview`: the built demo, through the same gateway and sandbox (jodoDevServer), same origin only.
  preview: { host: '127.0.0.1', cors: false },
  build: {
    outDir: '../dist/demo',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: Object.fromEntries(PAGES.map((page) => [page, resolve(`demo/${page}.html`)])),
    },
  },
});
