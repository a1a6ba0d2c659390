/**
 * A built app's files beside the gateway on one origin (`npm run gateway --
 * --static DIR`, or `appFiles` in a server of one's own): each answer under
 * the strict page policy and its headers (page-policy.ts), so an app tried
 * this way meets the policy a CRM page will have. GET and HEAD only; files
 * are found by @hono/node-server's serveStatic (paths with `.` or `..`
 * segments refused), hidden files (`.env`, `.git/…`) never served, and a
 * page's address that names no file (`/customers/42`, a client-side route)
 * is answered with the app's `index.html`. Every answer is `no-cache`: the
 * browser asks again each time and gets 200 or nothing new.
 */
import { existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { PAGE_HEADERS, pageCsp } from '../http/page-policy.js';

export interface AppFilesOptions {
  /** The built app's folder (its `index.html` at the top). */
  root: string;
  /** Trusted Types policies the app's framework creates, allowed beside `lit-html` (Svelte: `svelte-trusted-html`). */
  trustedTypes?: readonly string[];
}

/** A path segment starting with a dot: `.env`, `.git`, `.well-known` (served by no built app). */
const HIDDEN = /(?:^|\/)\.[^/]*/;
/** The last segment has an extension: a file was asked for, not a page's route. */
const NAMES_A_FILE = /\/[^/]*\.[^/]*$/;

/** The handler; throws when `root` is not a folder with an `index.html`. */
export function appFiles({ root, trustedTypes = [] }: AppFilesOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const folder = resolve(root);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`${root} is not a folder`);
  if (!existsSync(join(folder, 'index.html'))) throw new Error(`${root} has no index.html: give the folder of a built app`);
  const policy = pageCsp(trustedTypes);
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('content-security-policy', policy);
    for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value);
    c.header('cache-control', 'no-cache');
  });
  app.all('*', (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return c.text('Not allowed\n', 405, { allow: 'GET, HEAD' });
    if (HIDDEN.test(c.req.path)) return c.text('Not found\n', 404);
    return next();
  });
  app.use('*', serveStatic({ root: folder }));
  // A client-side route: the app's page, which reads the address itself.
  app.get('*', (c, next) => (NAMES_A_FILE.test(c.req.path) ? next() : serveStatic({ root: folder, path: 'index.html' })(c, next)));
  app.notFound((c) => c.text('Not found\n', 404));
  const listener = getRequestListener((request) => app.fetch(request));
  return (req, res) => listener(req, res);
}
