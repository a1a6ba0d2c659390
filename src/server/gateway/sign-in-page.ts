/**
 * The demo sign-in page (`GET <base>/login`, with `demoSignIn` users): one
 * button per user, looking like the toolbar's own pages. Its styles are
 * inline and allowed by their hash in this page's Content-Security-Policy
 * alone, so the page needs no stylesheet route and still runs nothing.
 */
import { createHash } from 'node:crypto';
import type { Identity } from './identity.js';
import { PAGE_HEADERS } from './answers.js';

const STYLE = `
:root { font-family: system-ui, sans-serif; color-scheme: light dark; color: light-dark(#1d2433, #e8ebf1); background: light-dark(#f4f6fa, #12151b); }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; }
main { width: min(28rem, calc(100vw - 2rem)); margin: 2rem 0; padding: 1.5rem; box-sizing: border-box; background: light-dark(#fff, #1b1f27); border: 1px solid light-dark(#d8dde6, #3a4150); border-radius: 8px; }
h1 { margin: 0 0 0.5rem; font-size: 1.3rem; }
p { margin: 0 0 1rem; color: light-dark(#545d6e, #a9b1c1); font-size: 0.9rem; }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
button { width: 100%; display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; font: inherit; padding: 0.6rem 0.9rem; cursor: pointer; color: inherit; background: light-dark(#f4f6fa, #232833); border: 1px solid light-dark(#d8dde6, #3a4150); border-radius: 6px; text-align: start; }
button:hover { border-color: light-dark(#1746a2, #8fb2ff); }
button:focus-visible { outline: 2px solid light-dark(#1746a2, #8fb2ff); outline-offset: 2px; }
.role { color: light-dark(#545d6e, #a9b1c1); font-size: 0.85rem; }
`;

/** The page's headers: the gateway's page policy, plus its own styles by hash. */
export const SIGN_IN_PAGE_HEADERS: Readonly<Record<string, string>> = {
  ...PAGE_HEADERS,
  'content-security-policy': `${PAGE_HEADERS['content-security-policy']}; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  'content-type': 'text/html; charset=utf-8',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page: `action` is where the form posts, `back` where the browser returns once signed in. */
export function signInPage(users: readonly Pick<Identity, 'login' | 'role'>[], action: string, back: string): string {
  const buttons = users
    .map((u) => `<li><button name="login" value="${escapeHtml(u.login)}"><span>${escapeHtml(u.login)}</span> <span class="role">${escapeHtml(u.role)}</span></button></li>`)
    .join('');
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>Sign in to the Jodo demo</title><style>${STYLE}</style></head><body><main>` +
    `<h1>Sign in to the Jodo demo</h1><p>Pick a sandbox user. (A real CRM signs agents in its own way: see the README.)</p>` +
    `<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="return" value="${escapeHtml(back)}"><ul>${buttons}</ul></form>` +
    `</main></body></html>`
  );
}
