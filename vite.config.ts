import { defineConfig, type Plugin } from 'vite';
import { createSandbox, type Sandbox } from './src/server/sandbox/sandbox.js';

/**
 * Mounts the Jodo sandbox in the dev server, so `npm start` serves the demo
 * and a Jodo-compatible endpoint from one origin (no CORS, no key juggling).
 */
function jodoSandbox(): Plugin {
  let sandbox: Sandbox | undefined;
  return {
    name: 'jodo-sandbox',
    configureServer(server) {
      sandbox = createSandbox({ db: process.env['JODO_SANDBOX_DB'] ?? '.jodo/sandbox.db' });
      server.middlewares.use((req, res, next) => void sandbox!.handle(req, res, next));
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
  },
});
