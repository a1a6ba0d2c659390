import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
// @ts-expect-error: a plain .mjs build script without types
import { BUNDLE_NAME, buildToolbarBundle } from './scripts/bundle.mjs';
import { createSandbox, type Sandbox } from './src/server/sandbox/sandbox.js';

const env = (name: string) => process.env[name];

/**
 * Mounts the Jodo sandbox in the dev server, so `npm start` serves the demo
 * and a Jodo-compatible endpoint from one origin (no CORS, no key juggling),
 * and serves the script-tag bundle the legacy page loads, built fresh.
 */
function jodoSandbox(): Plugin {
  let sandbox: Sandbox | undefined;
  return {
    name: 'jodo-sandbox',
    configureServer(server) {
      sandbox = createSandbox({
        db: env('JODO_SANDBOX_DB') ?? '.jodo/sandbox.db',
        ...(env('JODO_DIALER_RING_MS') || env('JODO_DIALER_TALK_MS')
          ? { timings: { ringMs: Number(env('JODO_DIALER_RING_MS') ?? 3000), talkMs: Number(env('JODO_DIALER_TALK_MS') ?? 8000) } }
          : {}),
      });
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] === `/${BUNDLE_NAME}`) {
          buildToolbarBundle().then(
            (code: string) => {
              res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
              res.end(code);
            },
            (error: Error) => {
              res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
              res.end(`The toolbar bundle did not build: ${error.message}`);
            },
          );
          return;
        }
        void sandbox!.handle(req, res, next);
      });
      server.httpServer?.once('close', () => sandbox?.close());
    },
  };
}

export default defineConfig({
  root: 'demo',
  plugins: [jodoSandbox()],
  server: { host: '127.0.0.1', port: 5173 },
  build: {
    outDir: '../dist/demo',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        index: resolve('demo/index.html'),
        legacy: resolve('demo/legacy.html'),
      },
    },
  },
});
