/**
 * A built app's files beside the gateway on one origin (`npm run gateway --
 * --static DIR`, or `appFiles` in a server of one's own): each answer under
 * the strict page policy and its headers (page-policy.ts), so an app tried
 * this way meets the policy a CRM page will have. GET and HEAD only; files
 * are found by @hono/node-server's serveStatic (paths with `.` or `..`
 * segments refused), hidden files (`.env`, `.git/…`) are never served, nor a
 * file whose real path (links followed) is outside the folder, and a page's
 * address that names no file (`/customers/42`, a client-side route) is
 * answered with the app's `index.html` when a browser navigates to it. Every
 * answer is `no-cache`, so a rebuilt app is picked up at once (a trial
 * server, not a CDN: each file is sent whole every time).
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
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

/** Whether `path` (the request's, decoded) names something whose real path is inside `folder` (or nothing at all). */
function staysInside(folder: string, path: string): boolean {
  let target: string;
  try {
    target = realpathSync(join(folder, path));
  } catch {
    return true; // nothing there: serveStatic finds nothing either
  }
  return target === folder || target.startsWith(folder + sep);
}

/**
 * What is wrong with serving `dir` as an app: a project's own folder (its sources, node_modules and any
 * secret file would be served: the folder a build writes holds only what a browser may fetch), a store or
 * key file inside it (`files`, by the name the caller knows it by: a flag or an option), or the gateway at
 * the root, where it would take every path.
 */
export function appFolderProblems(dir: string, { files = {}, basePath, names }: { files?: Record<string, string | undefined>; basePath?: string; names: { app: string; basePath: string } }): string[] {
  const folder = resolve(dir);
  const errors: string[] = [];
  if (['package.json', 'node_modules'].some((name) => existsSync(join(folder, name)))) {
    errors.push(`${names.app} ${dir} is a project's folder (it holds package.json or node_modules): give the folder its build writes (dist/)`);
  }
  for (const [name, file] of Object.entries(files)) {
    if (file && file !== ':memory:' && resolve(file).startsWith(folder + sep)) errors.push(`${name} ${file} is inside ${names.app} ${dir}: it would be served`);
  }
  if (basePath?.replace(/\/+$/, '') === '') errors.push(`${names.basePath} / leaves no path for the app of ${names.app}: use /jodo`);
  return errors;
}

/** A folder that cannot be served as an app. */
export class AppFolderError extends Error {
  override name = 'AppFolderError';
}

/** The handler; throws an `AppFolderError` when `root` is not a folder with an `index.html`. */
export function appFiles({ root, trustedTypes = [] }: AppFilesOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new AppFolderError(`${root} is not a folder`);
  const folder = realpathSync(resolve(root));
  if (!existsSync(join(folder, 'index.html')) || !staysInside(folder, 'index.html')) throw new AppFolderError(`${root} has no index.html: give the folder of a built app`);
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
    let path: string;
    try {
      path = decodeURIComponent(c.req.path);
    } catch {
      return c.text('Not found\n', 404);
    }
    if (HIDDEN.test(path) || path.includes('\0') || !staysInside(folder, path)) return c.text('Not found\n', 404);
    return next();
  });
  app.use('*', serveStatic({ root: folder }));
  // A browser navigating to a client-side route: the app's page, which reads the address itself.
  app.get('*', (c, next) => (c.req.header('sec-fetch-mode') === 'navigate' || /\btext\/html\b/.test(c.req.header('accept') ?? '') ? serveStatic({ root: folder, path: 'index.html' })(c, next) : next()));
  app.notFound((c) => c.text('Not found\n', 404));
  const listener = getRequestListener((request) => app.fetch(request));
  return (req, res) => listener(req, res);
}
